//! What the operating system says went wrong with a file, in plain Dutch.
//!
//! An [`std::io::Error`] prints the system's English (`No such file or
//! directory (os error 2)`). Every message that reports one says instead, in
//! a few words, what happened, by the error's kind; the kinds an editor
//! meets (not found, no permission, a folder for a file, a full or
//! read-only disk, …) need no more, and for any other the system's own words
//! follow in parentheses, for the one who helps the editor.

use std::io::{Error, ErrorKind};

/// What went wrong in `error`, in plain Dutch, to follow a colon in a
/// message: `kan dit bestand niet lezen: {reason}`.
pub fn io_reason(error: &Error) -> String {
    let reason = match error.kind() {
        ErrorKind::NotFound => "het bestand of de map bestaat niet",
        ErrorKind::PermissionDenied => {
            "je hebt geen toestemming (rechten) om dit te lezen of te schrijven"
        }
        ErrorKind::IsADirectory => "dit is een map, geen bestand",
        ErrorKind::NotADirectory => "een deel van het pad is een bestand, geen map",
        ErrorKind::DirectoryNotEmpty => "de map is niet leeg",
        ErrorKind::AlreadyExists => "er is al een bestand of map met deze naam",
        ErrorKind::ReadOnlyFilesystem => {
            "de schijf is alleen te lezen: er kan niets op worden geschreven"
        }
        ErrorKind::StorageFull => "de schijf is vol",
        ErrorKind::QuotaExceeded => "je hebt geen ruimte meer op de schijf (je quotum is op)",
        ErrorKind::FileTooLarge => "het bestand is te groot",
        ErrorKind::InvalidData => "de inhoud is geen leesbare tekst",
        ErrorKind::InvalidFilename => "de naam is te lang of heeft tekens die niet mogen",
        ErrorKind::TooManyLinks => "symbolische links wijzen in een kring naar elkaar",
        ErrorKind::ResourceBusy | ErrorKind::ExecutableFileBusy => {
            "het bestand is in gebruik door een ander programma"
        }
        ErrorKind::CrossesDevices => "dit kan niet tussen twee verschillende schijven",
        ErrorKind::StaleNetworkFileHandle | ErrorKind::NetworkDown | ErrorKind::HostUnreachable => {
            "de netwerkschijf is niet bereikbaar"
        }
        ErrorKind::AddrInUse => "het adres (de poort) is al in gebruik door een ander programma",
        ErrorKind::AddrNotAvailable => "dit adres hoort niet bij deze computer",
        ErrorKind::OutOfMemory => "de computer heeft niet genoeg geheugen vrij",
        ErrorKind::TimedOut => "het duurde te lang",
        ErrorKind::Interrupted => "het werd onderbroken",
        ErrorKind::Unsupported => "dit kan niet op dit systeem",
        _ => return format!("het systeem meldt een fout ({error})"),
    };
    reason.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_kinds_are_plain_dutch_without_the_system_words() {
        let missing = Error::from_raw_os_error(2);
        assert_eq!(io_reason(&missing), "het bestand of de map bestaat niet");
        let denied = Error::from(ErrorKind::PermissionDenied);
        assert!(io_reason(&denied).contains("geen toestemming"));
        let full = Error::from(ErrorKind::StorageFull);
        assert_eq!(io_reason(&full), "de schijf is vol");
    }

    #[test]
    fn other_kinds_keep_the_system_words_in_parentheses() {
        let odd = Error::other("iets vreemds");
        assert_eq!(io_reason(&odd), "het systeem meldt een fout (iets vreemds)");
    }
}
