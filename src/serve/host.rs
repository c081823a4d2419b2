//! Which host names a request may use (the `Host` header).
//!
//! A web page elsewhere can point a name of its own at this machine (DNS
//! rebinding) and then read the preview as if it were its own site. So only
//! names that mean this machine are answered, wherever the preview listens:
//! `localhost` (and names below `.localhost`), loopback addresses, and the
//! names given with `--allow-host`. When it listens on a network (`-i
//! 0.0.0.0` or another address that is not loopback), also the address it
//! listens on, the addresses of this machine's network interfaces, and its
//! host name (also with `.local`).

use std::net::IpAddr;

use super::request::{host_name, is_loopback_name};

/// The host names and addresses a request may name.
#[derive(Debug, Default)]
pub(super) struct Hosts {
    /// Names, in lower case, without a final dot.
    names: Vec<String>,
    addresses: Vec<IpAddr>,
}

impl Hosts {
    /// What may be named when listening on `interface`, plus `allowed`.
    pub(super) fn new(interface: IpAddr, allowed: &[String]) -> Hosts {
        let mut hosts = Hosts::default();
        for name in allowed {
            if let Some(name) = host_name(name) {
                hosts.names.push(name);
            }
        }
        if interface.is_loopback() {
            return hosts;
        }
        hosts.addresses.push(interface);
        // Without the interfaces, the machine's addresses other than the one
        // bound are refused; `--allow-host` still allows them.
        if let Ok(interfaces) = if_addrs::get_if_addrs() {
            hosts.addresses.extend(interfaces.iter().map(|i| i.ip()));
        }
        let own = gethostname::gethostname();
        if let Some(name) = own.to_str().and_then(host_name)
            && !name.is_empty()
        {
            hosts.names.push(format!("{name}.local"));
            hosts.names.push(name);
        }
        hosts
    }

    /// Whether a request with this `Host` header is answered.
    pub(super) fn allows(&self, host: &str) -> bool {
        let Some(name) = host_name(host) else {
            return false;
        };
        if is_loopback_name(&name) || self.names.contains(&name) {
            return true;
        }
        name.parse::<IpAddr>()
            .is_ok_and(|ip| !ip.is_unspecified() && self.addresses.contains(&ip))
    }
}

/// What a refused request is told: what happened and how to allow the name.
pub(super) fn refusal(host: &str) -> String {
    let shown: String = host.chars().take(100).collect();
    format!(
        "Deze preview antwoordt niet op de naam {shown}.\n\
         Dat beschermt de preview tegen andere websites die hem willen lezen.\n\
         Gebruikt u deze naam zelf voor deze computer? Start de preview dan zo:\n\
         bekwaam serve --allow-host NAAM (hier: --allow-host {shown})"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_loopback_only_local_names_and_allowed_ones() {
        let hosts = Hosts::new(IpAddr::from([127, 0, 0, 1]), &["Handboek.Lan".into()]);
        for host in [
            "localhost:1111",
            "127.0.0.1",
            "[::1]:80",
            "handboek.lan:1111",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in ["evil.example", "192.168.1.10", "", "handboek.lan.evil"] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn on_a_network_also_the_machines_own_addresses_and_name() {
        let hosts = Hosts::new(IpAddr::from([0, 0, 0, 0]), &[]);
        assert!(hosts.allows("localhost:1111"));
        assert!(!hosts.allows("evil.example:1111"));
        assert!(!hosts.allows("0.0.0.0:1111"));
        let name = gethostname::gethostname();
        if let Some(name) = name.to_str().filter(|n| !n.is_empty()) {
            assert!(hosts.allows(&format!("{name}:1111")), "{name}");
        }
        let bound = Hosts::new(IpAddr::from([192, 0, 2, 7]), &[]);
        assert!(bound.allows("192.0.2.7:1111"));
    }

    #[test]
    fn the_refusal_says_how_to_allow_the_name() {
        let text = refusal("evil.example:1111");
        assert!(text.contains("evil.example:1111"), "{text}");
        assert!(text.contains("--allow-host NAAM"), "{text}");
    }
}
