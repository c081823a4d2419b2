//! The word families of the Dutch analyser, and its measurement.
//!
//! [`FAMILIES`] holds Dutch words of the handbooks' domain (social work,
//! Wmo, wijkteams, mantelzorg, schulden, jeugd, ...), each with the surface
//! forms a reader expects to find one another: singular and plural,
//! diminutive, verb forms and participles, inflected and compared
//! adjectives, and the -heid and -ing nouns of the family. [`APART`] holds
//! pairs that look alike and must not meet. Forms are surface forms: lower
//! case and folded (`creëren` → `creeren`); a strong verb's past tense
//! (`vond`, `hielp`) is left out, no rule on the form can reach it.
//!
//! An -ing noun belongs to its verb's family when it names the verb's
//! action (`signaleren`/`signalering`, `melden`/`melding`), but `werking`
//! and `planning` stay apart from `werk` and `plan`: those nouns mean
//! something else (an effect, a schedule) than the short noun a reader
//! types, and `werk` would drown in every `werking`.
//!
//! The test [`the_table_holds`] holds the analyser to the table; the ignored
//! [`measure`] prints the figures of every candidate stemmer as a Markdown
//! table (`docs/zoekindex.md`, "Choosing the Dutch stemmer").

use super::{Analyser, dutch_rules, is_vowel};
use crate::config::Language;
use snowball_stemmers_rs::{Algorithm, Stemmer};

/// Word families: every form of a family must have the same stem.
pub(super) const FAMILIES: &[&[&str]] = &[
    &[
        "signaleer",
        "signaleert",
        "signaleren",
        "signaleerde",
        "signaleerden",
        "gesignaleerd",
        "signalerend",
        "signalering",
        "signaleringen",
    ],
    &[
        "meld",
        "meldt",
        "melden",
        "meldde",
        "meldden",
        "gemeld",
        "melding",
        "meldingen",
    ],
    &["meldcode", "meldcodes"],
    &["wijk", "wijken", "wijkje", "wijkjes"],
    &["buurt", "buurten", "buurtje", "buurtjes"],
    &["buurthuis", "buurthuizen", "buurthuisje"],
    &["huis", "huizen", "huisje", "huisjes"],
    &["netwerk", "netwerken", "netwerkje", "netwerkjes"],
    &["gesprek", "gesprekken", "gesprekje", "gesprekjes"],
    &["afspraak", "afspraken", "afspraakje", "afspraakjes"],
    &["vraag", "vragen", "vraagje", "vraagjes", "vraagt"],
    &[
        "zorg", "zorgen", "zorgt", "zorgde", "zorgden", "gezorgd", "zorgend",
    ],
    &["mantelzorg", "mantelzorgen"],
    &["mantelzorger", "mantelzorgers"],
    &["zorgverlener", "zorgverleners"],
    &["hulpverlener", "hulpverleners"],
    &["vrijwilliger", "vrijwilligers"],
    &["bewoner", "bewoners"],
    &["buurtbewoner", "buurtbewoners"],
    &["wijkteam", "wijkteams"],
    &["team", "teams", "teampje"],
    &["sporthal", "sporthallen"],
    &["voetbalkooi", "voetbalkooien"],
    &["vechtpartij", "vechtpartijen"],
    &["spelcomputer", "spelcomputers"],
    &["computer", "computers"],
    &["gemeente", "gemeenten", "gemeentes"],
    &["schuld", "schulden", "schuldje"],
    &["jongere", "jongeren"],
    &["jongerenwerker", "jongerenwerkers"],
    &["kind", "kinderen", "kindje", "kindjes"],
    &["gezin", "gezinnen", "gezinnetje"],
    &["ouder", "ouders"],
    &["familie", "families", "familietje"],
    &["mens", "mensen", "mensje"],
    &["kans", "kansen", "kansje"],
    &["grens", "grenzen", "grensje"],
    &["client", "clienten", "clients"],
    &[
        "oplos",
        "oplost",
        "oplossen",
        "oploste",
        "opgelost",
        "oplossend",
        "oplossing",
        "oplossingen",
    ],
    &[
        "ondersteun",
        "ondersteunt",
        "ondersteunen",
        "ondersteunde",
        "ondersteunden",
        "ondersteund",
        "ondersteunend",
        "ondersteuning",
    ],
    &[
        "begeleid",
        "begeleidt",
        "begeleiden",
        "begeleidde",
        "begeleidden",
        "begeleidend",
        "begeleiding",
    ],
    &[
        "luister",
        "luistert",
        "luisteren",
        "luisterde",
        "luisterden",
        "geluisterd",
        "luisterend",
    ],
    &[
        "vertrouw",
        "vertrouwt",
        "vertrouwen",
        "vertrouwde",
        "vertrouwden",
        "vertrouwd",
        "vertrouwend",
        "vertrouwelijk",
        "vertrouwelijke",
        "vertrouwelijkheid",
    ],
    &[
        "werk", "werkt", "werken", "werkte", "werkten", "gewerkt", "werkend",
    ],
    &["werker", "werkers"],
    &[
        "samenwerk",
        "samenwerkt",
        "samenwerken",
        "samenwerkte",
        "samenwerkten",
        "samengewerkt",
        "samenwerking",
        "samenwerkingen",
    ],
    &[
        "praat", "praten", "praatte", "praatten", "gepraat", "pratend", "praatje", "praatjes",
    ],
    &["help", "helpt", "helpen", "helpend"],
    &["vind", "vindt", "vinden"],
    &["zoek", "zoekt", "zoeken", "zoekend"],
    &[
        "maak", "maakt", "maken", "maakte", "maakten", "gemaakt", "makend",
    ],
    &[
        "leef", "leeft", "leven", "leefde", "leefden", "geleefd", "levend",
    ],
    &["loop", "loopt", "lopen", "lopend"],
    &[
        "beslis",
        "beslist",
        "beslissen",
        "besliste",
        "beslisten",
        "beslissend",
        "beslissing",
        "beslissingen",
    ],
    &["creeer", "creeert", "creeren", "creeerde", "gecreeerd"],
    &[
        "organiseer",
        "organiseert",
        "organiseren",
        "organiseerde",
        "georganiseerd",
        "organiserend",
    ],
    &["organisatie", "organisaties", "organisatietje"],
    &["activiteit", "activiteiten"],
    &[
        "activeer",
        "activeert",
        "activeren",
        "activeerde",
        "geactiveerd",
        "activerend",
    ],
    &[
        "informeer",
        "informeert",
        "informeren",
        "informeerde",
        "geinformeerd",
        "informerend",
    ],
    &["informatie", "informaties"],
    &[
        "motiveer",
        "motiveert",
        "motiveren",
        "motiveerde",
        "gemotiveerd",
        "motiverend",
    ],
    &["motivatie", "motivaties"],
    &[
        "stimuleer",
        "stimuleert",
        "stimuleren",
        "stimuleerde",
        "gestimuleerd",
        "stimulerend",
    ],
    &[
        "reageer",
        "reageert",
        "reageren",
        "reageerde",
        "gereageerd",
        "reagerend",
    ],
    &["reactie", "reacties"],
    &[
        "respecteer",
        "respecteert",
        "respecteren",
        "respecteerde",
        "gerespecteerd",
        "respecterend",
    ],
    &[
        "registreer",
        "registreert",
        "registreren",
        "registreerde",
        "geregistreerd",
    ],
    &["registratie", "registraties"],
    &[
        "evalueer",
        "evalueert",
        "evalueren",
        "evalueerde",
        "geevalueerd",
    ],
    &["evaluatie", "evaluaties"],
    &[
        "observeer",
        "observeert",
        "observeren",
        "observeerde",
        "geobserveerd",
        "observerend",
    ],
    &["observatie", "observaties"],
    &[
        "communiceer",
        "communiceert",
        "communiceren",
        "communiceerde",
        "gecommuniceerd",
        "communicerend",
    ],
    &["communicatie", "communicaties"],
    &[
        "bemiddel",
        "bemiddelt",
        "bemiddelen",
        "bemiddelde",
        "bemiddeld",
        "bemiddeling",
        "bemiddelingen",
    ],
    &[
        "verwijs",
        "verwijst",
        "verwijzen",
        "verwijzing",
        "verwijzingen",
    ],
    &[
        "bespreek",
        "bespreekt",
        "bespreken",
        "bespreking",
        "besprekingen",
    ],
    &[
        "aanmeld",
        "aanmeldt",
        "aanmelden",
        "aanmeldde",
        "aangemeld",
        "aanmelding",
        "aanmeldingen",
    ],
    &[
        "volg", "volgt", "volgen", "volgde", "volgden", "gevolgd", "volgend",
    ],
    &["onderzoek", "onderzoekt", "onderzoeken", "onderzoekje"],
    &[
        "verbind",
        "verbindt",
        "verbinden",
        "verbindend",
        "verbinding",
        "verbindingen",
    ],
    &[
        "versterk",
        "versterkt",
        "versterken",
        "versterkte",
        "versterkten",
        "versterkend",
        "versterking",
    ],
    &["betrek", "betrekt", "betrekken"],
    &["betrokken", "betrokkene", "betrokkenen", "betrokkenheid"],
    &["bereik", "bereikt", "bereiken", "bereikte", "bereikten"],
    &[
        "handel",
        "handelt",
        "handelen",
        "handelde",
        "handelden",
        "gehandeld",
        "handeling",
        "handelingen",
    ],
    &["voorkom", "voorkomt", "voorkomen"],
    &[
        "eenzaam",
        "eenzame",
        "eenzaamst",
        "eenzaamste",
        "eenzaamheid",
    ],
    &["kwetsbaar", "kwetsbare", "kwetsbaarst", "kwetsbaarheid"],
    &["groot", "grote", "grootst", "grootste"],
    &["klein", "kleine", "kleinst", "kleinste"],
    &["sociaal", "sociale"],
    &["zelfstandig", "zelfstandige", "zelfstandigheid"],
    &["veilig", "veilige", "veiligst", "veiligste", "veiligheid"],
    &["onveilig", "onveilige", "onveiligheid"],
    &["gezond", "gezonde", "gezondst", "gezondheid"],
    &["arm", "arme", "armst"],
    &["moeilijk", "moeilijke", "moeilijkheid", "moeilijkheden"],
    &["open", "openheid"],
    &["eerlijk", "eerlijke", "eerlijkheid"],
    &["professioneel", "professionele"],
    &["professional", "professionals"],
    &["deskundig", "deskundige", "deskundigen", "deskundigheid"],
    &["betrouwbaar", "betrouwbare"],
    &["lokaal", "lokale"],
    &["regionaal", "regionale"],
    &["nationaal", "nationale"],
    &["normaal", "normale"],
    &["formeel", "formele"],
    &["informeel", "informele"],
    &["persoonlijk", "persoonlijke"],
    &["praktisch", "praktische"],
    &["actief", "actieve"],
    &["positief", "positieve"],
    &["negatief", "negatieve"],
    &["creatief", "creatieve"],
    &["preventief", "preventieve"],
    &["effectief", "effectieve"],
    &["respectvol", "respectvolle"],
    &["zorgvuldig", "zorgvuldige", "zorgvuldigheid"],
    &["wereld", "werelden", "wereldje"],
    &["leefwereld", "leefwerelden"],
    &["gemeenschap", "gemeenschappen"],
    &["samenleving", "samenlevingen"],
    &["beleidsmaker", "beleidsmakers"],
    &["plan", "plannen", "plannetje"],
    &["doel", "doelen", "doeltje"],
    &["methode", "methoden", "methodes"],
    &["signaal", "signalen", "signaaltje"],
    &["situatie", "situaties"],
    &["probleem", "problemen", "probleempje"],
    &["kracht", "krachten"],
    &["krachtig", "krachtige"],
    &["school", "scholen", "schooltje"],
    &["leerling", "leerlingen"],
    &["leraar", "leraren"],
    &["docent", "docenten"],
    &["jeugdwerker", "jeugdwerkers"],
    &["welzijnswerker", "welzijnswerkers"],
    &["opbouwwerker", "opbouwwerkers"],
    &["vereniging", "verenigingen"],
    &["club", "clubs", "clubje"],
    &["wijkcentrum", "wijkcentra", "wijkcentrums"],
    &["centrum", "centra", "centrums"],
    &["woning", "woningen"],
    &["huurder", "huurders"],
    &["verhuurder", "verhuurders"],
    &["corporatie", "corporaties"],
    &["wijkagent", "wijkagenten"],
    &["agent", "agenten"],
    &["conflict", "conflicten", "conflictje"],
    &["ruzie", "ruzies", "ruzietje"],
    &["huiselijk", "huiselijke"],
    &["verslaving", "verslavingen"],
    &["uitkering", "uitkeringen"],
    &["inkomen", "inkomens"],
    &["budget", "budgetten", "budgetje"],
    &["toeslag", "toeslagen"],
    &["rekening", "rekeningen"],
    &["brief", "brieven", "briefje", "briefjes"],
    &["kaart", "kaarten", "kaartje", "kaartjes"],
    &["formulier", "formulieren", "formuliertje"],
    &["bericht", "berichten", "berichtje", "berichtjes"],
    &["contact", "contacten", "contactje"],
    &["ontmoeting", "ontmoetingen"],
    &["bijeenkomst", "bijeenkomsten"],
    &["cursus", "cursussen", "cursusje"],
    &["training", "trainingen"],
    &["workshop", "workshops"],
    &["vrouw", "vrouwen", "vrouwtje"],
    &["man", "mannen", "mannetje"],
    &["moeder", "moeders"],
    &["vader", "vaders"],
    &["oudere", "ouderen"],
    &["senior", "senioren"],
    &["peuter", "peuters"],
    &["tiener", "tieners"],
    &["student", "studenten"],
    &["stad", "steden", "stadje"],
    &["dorp", "dorpen", "dorpje"],
    &["straat", "straten", "straatje"],
    &["plein", "pleinen", "pleintje"],
    &["park", "parken", "parkje"],
    &["speeltuin", "speeltuinen"],
    &["idee", "ideeen", "ideetje"],
    &["auto", "autootje"],
    &["foto", "fotootje"],
    &["dag", "dagen", "dagje"],
    &["week", "weken", "weekje"],
    &["avond", "avonden", "avondje"],
    &["uur", "uren", "uurtje"],
    &["taal", "talen", "taaltje"],
    &["cultuur", "culturen"],
    &["achtergrond", "achtergronden"],
    &["ervaring", "ervaringen"],
    &["ervaar", "ervaart", "ervaren", "ervaarde"],
    &["vaardigheid", "vaardigheden"],
    &["competentie", "competenties"],
    &["taak", "taken", "taakje"],
    &["rol", "rollen", "rolletje"],
    &[
        "verantwoordelijk",
        "verantwoordelijke",
        "verantwoordelijkheid",
        "verantwoordelijkheden",
    ],
];

/// Pairs of forms that must keep different stems.
pub(super) const APART: &[(&str, &str)] = &[
    ("regie", "regio"),
    ("regie", "regels"),
    ("werk", "wereld"),
    ("werk", "werking"),
    ("werk", "werkelijk"),
    ("plan", "planning"),
    ("plan", "planeet"),
    ("zorg", "zorgvuldig"),
    ("zorg", "mantelzorg"),
    ("kracht", "krachtig"),
    ("wijk", "wijs"),
    ("wijkteam", "team"),
    ("hulp", "hulpverlening"),
    ("buurt", "buurman"),
    ("gemeente", "menen"),
    ("gemeente", "mening"),
    ("gemeente", "gemeen"),
    ("gemeenschap", "gemeen"),
    ("gezin", "zin"),
    ("gezin", "zinnen"),
    ("gezond", "zon"),
    ("gezond", "zonder"),
    ("geweld", "wel"),
    ("gewoon", "wonen"),
    ("gewoon", "woning"),
    ("gedrag", "dragen"),
    ("gezag", "zag"),
    ("gebied", "bieden"),
    ("gebruik", "bruikbaar"),
    ("begeleiding", "beleid"),
    ("begeleider", "beleid"),
    ("beleid", "beledigen"),
    ("vereniging", "veren"),
    ("ouder", "ouderwets"),
    ("agent", "agenda"),
    ("jong", "jongen"),
    ("jongere", "jongen"),
    ("man", "manier"),
    ("wet", "weten"),
    ("les", "lezen"),
    ("raad", "raadsel"),
    ("leven", "levering"),
    ("opvoeding", "voeding"),
    ("mantelzorg", "mantel"),
    ("netwerk", "net"),
    ("vertrouwen", "trouwen"),
    ("begrip", "grip"),
    ("verslaving", "slaaf"),
];

/// The figures of one stemmer on the table.
#[derive(Debug, PartialEq)]
struct Figures {
    /// Families whose forms all have one stem.
    families: usize,
    /// Pairs of forms of one family with the same stem.
    pairs: usize,
    /// All pairs of forms of one family.
    all_pairs: usize,
    /// Pairs of [`APART`] with different stems.
    apart: usize,
}

fn figures(mut stem: impl FnMut(&str) -> String) -> Figures {
    let mut figures = Figures {
        families: 0,
        pairs: 0,
        all_pairs: 0,
        apart: 0,
    };
    for family in FAMILIES {
        let stems: Vec<String> = family.iter().map(|form| stem(form)).collect();
        if stems.iter().all(|s| *s == stems[0]) {
            figures.families += 1;
        }
        for (i, a) in stems.iter().enumerate() {
            for b in &stems[i + 1..] {
                figures.all_pairs += 1;
                if a == b {
                    figures.pairs += 1;
                }
            }
        }
    }
    for (a, b) in APART {
        if stem(a) != stem(b) {
            figures.apart += 1;
        }
    }
    figures
}

/// The Dutch rules Bekwaam used with the Dutch stemmer from before Snowball
/// 3.0, kept to measure against.
fn old_rules(stemmer: &Stemmer, form: &str) -> String {
    if let Some((_, stem)) = OLD_IRREGULAR.iter().find(|(plural, _)| *plural == form) {
        return (*stem).to_string();
    }
    let mut stem = stemmer.stem(form).into_owned();
    // Snowball takes -s for a plural, also from mens, kans, wens, grens,
    // whose plurals (mensen, kansen) keep it.
    if form.ends_with("ns") && stem.len() + 1 == form.len() {
        stem = form.to_string();
    }
    // The verb ending -t (werkt, ondersteunt, vraagt): stem the rest again.
    let chars: Vec<char> = stem.chars().collect();
    if chars.len() > 4
        && chars[chars.len() - 1] == 't'
        && !is_vowel(chars[chars.len() - 2])
        && chars[chars.len() - 2] != 't'
    {
        let rest: String = chars[..chars.len() - 1].iter().collect();
        stem = stemmer.stem(&rest).into_owned();
    }
    let mut chars: Vec<char> = stem.chars().collect();
    // A doubled vowel before the last consonant: sociaal → social.
    // (Repeated: `creëert` folds to a triple e.)
    while chars.len() >= 3 && {
        let n = chars.len();
        !is_vowel(chars[n - 1])
            && chars[n - 2] == chars[n - 3]
            && matches!(chars[n - 2], 'a' | 'e' | 'o' | 'u')
    } {
        let n = chars.len();
        chars.remove(n - 2);
    }
    // A doubled final consonant: beslissen → besliss → beslis (as beslist).
    let n = chars.len();
    if n >= 4 && chars[n - 1] == chars[n - 2] && !is_vowel(chars[n - 1]) {
        chars.pop();
    }
    // leven/leeft, huizen/huis.
    match chars.last() {
        Some('v') => {
            chars.pop();
            chars.push('f');
        }
        Some('z') => {
            chars.pop();
            chars.push('s');
        }
        _ => {}
    }
    chars.into_iter().collect()
}

/// The plurals `old_rules` knew.
const OLD_IRREGULAR: &[(&str, &str)] = &[
    ("kinderen", "kind"),
    ("steden", "stad"),
    ("schepen", "schip"),
    ("eieren", "ei"),
    ("bladeren", "blad"),
    ("liederen", "lied"),
    ("volkeren", "volk"),
    ("gebeden", "gebed"),
];

#[test]
fn the_table_is_large_enough() {
    assert!(FAMILIES.len() >= 150, "{} families", FAMILIES.len());
    assert!(APART.len() >= 40, "{} pairs", APART.len());
    assert!(FAMILIES.iter().all(|family| family.len() >= 2));
}

#[test]
fn the_table_holds() {
    let mut analyser = Analyser::for_language(Language::Dutch);
    let mut failures = Vec::new();
    for family in FAMILIES {
        let first = analyser.stem(family[0]);
        for form in &family[1..] {
            let stem = analyser.stem(form);
            if stem != first {
                failures.push(format!(
                    "{} ({first}) and {form} ({stem}) should meet",
                    family[0]
                ));
            }
        }
    }
    for (a, b) in APART {
        let (sa, sb) = (analyser.stem(a), analyser.stem(b));
        if sa == sb {
            failures.push(format!("{a} and {b} ({sa}) should stay apart"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Prints the figures of each candidate as a Markdown table:
/// `cargo test --lib measure_dutch_stemmers -- --ignored --nocapture`.
#[test]
#[ignore = "prints the measurement of docs/zoekindex.md"]
fn measure_dutch_stemmers() {
    let porter = Stemmer::create(Algorithm::DutchPorter);
    let dutch = Stemmer::create(Algorithm::Dutch);
    let mut analyser = Analyser::for_language(Language::Dutch);
    let candidates = [
        (
            "a. Dutch (before 3.0) alone",
            figures(|form| porter.stem(form).into_owned()),
        ),
        (
            "b. Dutch (before 3.0) + the old rules",
            figures(|form| old_rules(&porter, form)),
        ),
        (
            "c. Snowball 3.0 Dutch alone",
            figures(|form| dutch.stem(form).into_owned()),
        ),
        (
            "d. Snowball 3.0 Dutch + Bekwaam's rules",
            figures(|form| analyser.stem(form)),
        ),
        (
            "d without its two lists of forms (rules 3 to 12)",
            figures(|form| dutch_rules(&dutch, form)),
        ),
    ];
    println!("| candidate | families met | form pairs met | must-not pairs apart |");
    println!("| --- | --- | --- | --- |");
    for (name, f) in candidates {
        println!(
            "| {name} | {} of {} | {} of {} | {} of {} |",
            f.families,
            FAMILIES.len(),
            f.pairs,
            f.all_pairs,
            f.apart,
            APART.len()
        );
    }
}
