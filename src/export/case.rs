//! `case.json`: the framework as a 1EdTech CASE 1.1 CFPackage, the standard
//! exchange format for competency frameworks.
//!
//! - `CFDocument`: the handbook (`creator` is `[branding] organisation`, or
//!   the title when there is none).
//! - `CFItems`: every competency, behaviour indicator, level indicator,
//!   example, tip and reflection question, with `CFItemType` (defined in
//!   `CFDefinitions.CFItemTypes`), `humanCodingScheme` (`C1`, `C1.G3`, …:
//!   see [`super::Kind::letter`]), `listEnumeration` (the place among its
//!   siblings) and `fullStatement` (a competency's title, a part's plain
//!   text; an example's or tip's title is its `abbreviatedStatement`).
//! - `CFAssociations`: `isChildOf` from each part to its competency and from
//!   each competency to the document; `precedes` from each competency to
//!   the next; `isRelatedTo` for front matter `related`; `exactMatchOf` to
//!   the ESCO skill of front matter `esco`.
//! - `CFRubrics`: with a scale of levels, one rubric for the handbook, a
//!   criterion per competency with levels (its `CFItemURI` is the
//!   competency) and a criterion level per level written (`quality` its
//!   name, `score` its step in the scale, `description` its text).
//!
//! Everything else Bekwaam knows (slug, address, level of an indicator)
//! is under `extensions`, the only place CASE 1.1 allows it. Identifiers
//! and URIs: see [`super::ids`]; dates: [`super::Dates`].

use std::collections::HashMap;

use serde::Serialize;

use crate::config::Language;
use crate::content::{Page, Site};

use super::ids::{Ids, urn};
use super::{Dates, Entry, File, Kind};

#[derive(Serialize)]
struct Package<'a> {
    #[serde(rename = "CFDocument")]
    document: Document<'a>,
    #[serde(rename = "CFItems")]
    items: Vec<Item<'a>>,
    #[serde(rename = "CFAssociations")]
    associations: Vec<Association>,
    #[serde(rename = "CFDefinitions")]
    definitions: Definitions,
    #[serde(rename = "CFRubrics")]
    rubrics: Vec<Rubric>,
}

/// A `LinkURI` (to an object of the package) or a `LinkGenURI` (also to one
/// outside it: an ESCO skill).
#[derive(Clone, Serialize)]
struct Link {
    title: String,
    identifier: String,
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    identifier: String,
    uri: String,
    case_version: &'static str,
    creator: &'a str,
    title: &'a str,
    last_change_date_time: &'a str,
    #[serde(rename = "officialSourceURL", skip_serializing_if = "Option::is_none")]
    official_source_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    language: &'a str,
    extensions: DocumentExtensions<'a>,
}

#[derive(Serialize)]
struct DocumentExtensions<'a> {
    /// The scale of `[handbook] levels`, lowest first.
    levels: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Item<'a> {
    identifier: String,
    full_statement: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    abbreviated_statement: Option<&'a str>,
    #[serde(rename = "CFItemType")]
    item_type: &'static str,
    uri: String,
    human_coding_scheme: &'a str,
    list_enumeration: String,
    #[serde(rename = "CFItemTypeURI")]
    item_type_uri: Link,
    last_change_date_time: String,
    extensions: ItemExtensions<'a>,
}

#[derive(Serialize)]
struct ItemExtensions<'a> {
    /// The kind, as the CSV and the search name it (`gedrag`).
    kind: &'static str,
    /// The address on the site, below the base path.
    url: String,
    /// A competency's slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    slug: Option<&'a str>,
    /// A competency's description.
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    /// A level indicator's level and its step in the scale.
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    step: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Association {
    identifier: String,
    association_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sequence_number: Option<usize>,
    uri: String,
    #[serde(rename = "originNodeURI")]
    origin: Link,
    #[serde(rename = "destinationNodeURI")]
    destination: Link,
    last_change_date_time: String,
}

#[derive(Serialize)]
struct Definitions {
    #[serde(rename = "CFItemTypes")]
    item_types: Vec<ItemType>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ItemType {
    identifier: String,
    uri: String,
    title: &'static str,
    description: &'static str,
    hierarchy_code: &'static str,
    type_code: &'static str,
    last_change_date_time: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rubric {
    identifier: String,
    uri: String,
    title: String,
    description: String,
    last_change_date_time: String,
    #[serde(rename = "CFRubricCriteria")]
    criteria: Vec<Criterion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Criterion {
    identifier: String,
    uri: String,
    category: String,
    description: String,
    #[serde(rename = "CFItemURI")]
    item: Link,
    position: usize,
    rubric_id: String,
    last_change_date_time: String,
    #[serde(rename = "CFRubricCriterionLevels")]
    levels: Vec<CriterionLevel>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CriterionLevel {
    identifier: String,
    uri: String,
    description: String,
    quality: String,
    score: usize,
    position: usize,
    rubric_criterion_id: String,
    last_change_date_time: String,
}

/// The name and explanation of an item type, in the handbook's language.
fn type_text(kind: Kind, language: Language) -> (&'static str, &'static str) {
    match (language, kind) {
        (Language::Dutch, Kind::Competency) => ("Competentie", "Een competentie uit het handboek."),
        (Language::Dutch, Kind::Behaviour) => (
            "Gedragsindicator",
            "Gedrag dat je ziet als iemand de competentie beheerst.",
        ),
        (Language::Dutch, Kind::LevelIndicator) => (
            "Niveau-indicator",
            "Gedrag dat hoort bij één niveau van de competentie.",
        ),
        (Language::Dutch, Kind::Example) => ("Voorbeeld", "Een voorbeeld uit de praktijk."),
        (Language::Dutch, Kind::Tip) => ("Praktijktip", "Een tip voor de praktijk."),
        (Language::Dutch, Kind::Question) => (
            "Reflectievraag",
            "Een vraag om over je eigen werk na te denken.",
        ),
        (Language::English, Kind::Competency) => ("Competency", "A competency of the handbook."),
        (Language::English, Kind::Behaviour) => (
            "Behaviour indicator",
            "Behaviour you see when someone masters the competency.",
        ),
        (Language::English, Kind::LevelIndicator) => (
            "Level indicator",
            "Behaviour that belongs to one level of the competency.",
        ),
        (Language::English, Kind::Example) => ("Example", "An example from practice."),
        (Language::English, Kind::Tip) => ("Tip", "A tip for practice."),
        (Language::English, Kind::Question) => (
            "Reflection question",
            "A question to reflect on your own work.",
        ),
    }
}

/// What the package is built from.
struct Builder<'a> {
    site: &'a Site,
    ids: Ids<'a>,
    dates: Dates,
    document: Link,
    /// The link to each competency's item, by slug.
    competencies: HashMap<&'a str, Link>,
}

impl<'a> Builder<'a> {
    fn new(site: &'a Site, entries: &[Entry<'a>]) -> Builder<'a> {
        let ids = Ids::of(&site.config);
        let id = ids.id("");
        let document = Link {
            title: site.config.title.clone(),
            uri: ids.page_uri("", &id),
            identifier: id,
        };
        let mut builder = Builder {
            site,
            dates: Dates::of(site),
            ids,
            document,
            competencies: HashMap::new(),
        };
        for entry in entries.iter().filter(|e| e.kind == Kind::Competency) {
            let link = builder.link(entry);
            builder.competencies.insert(&entry.page.slug, link);
        }
        builder
    }

    fn link(&self, entry: &Entry<'_>) -> Link {
        let path = entry.site_path();
        let id = self.ids.id(&path);
        let title = if entry.kind == Kind::Competency {
            entry.title
        } else {
            &entry.code
        };
        Link {
            title: title.to_string(),
            uri: self.ids.page_uri(&path, &id),
            identifier: id,
        }
    }

    fn type_link(&self, kind: Kind) -> Link {
        let id = self.ids.id(&format!("type:{}", kind.word(Language::Dutch)));
        Link {
            title: type_text(kind, self.site.config.lang).0.to_string(),
            uri: urn(&id),
            identifier: id,
        }
    }

    fn item(&self, entry: &'a Entry<'a>) -> Item<'a> {
        let link = self.link(entry);
        let lang = self.site.config.lang;
        let is_competency = entry.kind == Kind::Competency;
        let (full, short) = if is_competency {
            (entry.title, None)
        } else {
            (
                entry.text.as_str(),
                Some(entry.title).filter(|t| !t.is_empty()),
            )
        };
        Item {
            identifier: link.identifier,
            full_statement: full,
            abbreviated_statement: short,
            item_type: type_text(entry.kind, lang).0,
            uri: link.uri,
            human_coding_scheme: &entry.code,
            list_enumeration: if is_competency {
                entry.number
            } else {
                entry.position
            }
            .to_string(),
            item_type_uri: self.type_link(entry.kind),
            last_change_date_time: self.dates.page(entry.page),
            extensions: ItemExtensions {
                kind: entry.kind.word(lang),
                url: format!("{}{}", self.site.config.base_path, entry.site_path()),
                slug: is_competency.then_some(entry.page.slug.as_str()),
                description: is_competency.then_some(entry.text.as_str()),
                level: entry.level.map(|(level, _)| level.heading.text.as_str()),
                step: entry.level.map(|(_, step)| step),
            },
        }
    }

    fn association(
        &self,
        kind: &'static str,
        origin: &Link,
        destination: &Link,
        sequence: Option<usize>,
        page: &Page,
    ) -> Association {
        let id = self.ids.id(&format!(
            "association:{kind} {} {}",
            origin.identifier, destination.identifier
        ));
        Association {
            uri: urn(&id),
            identifier: id,
            association_type: kind,
            sequence_number: sequence,
            origin: origin.clone(),
            destination: destination.clone(),
            last_change_date_time: self.dates.page(page),
        }
    }

    /// The associations of the framework, in the order of the entries.
    fn associations(&self, entries: &[Entry<'a>]) -> Vec<Association> {
        let mut found = Vec::new();
        let mut previous: Option<(&Link, &Page)> = None;
        for entry in entries {
            let page = entry.page;
            let Some(competency) = self.competencies.get(page.slug.as_str()) else {
                continue;
            };
            if entry.kind != Kind::Competency {
                let link = self.link(entry);
                let sequence = Some(entry.position);
                found.push(self.association("isChildOf", &link, competency, sequence, page));
                continue;
            }
            found.push(self.association(
                "isChildOf",
                competency,
                &self.document,
                Some(entry.number),
                page,
            ));
            if let Some((before, before_page)) = previous {
                found.push(self.association("precedes", before, competency, None, before_page));
            }
            previous = Some((competency, page));
            for slug in &page.front.related {
                if let Some(other) = self.competencies.get(slug.as_str()) {
                    found.push(self.association("isRelatedTo", competency, other, None, page));
                }
            }
            if let Some(esco) = &page.front.esco {
                let skill = Link {
                    title: esco.clone(),
                    identifier: esco.clone(),
                    uri: esco.clone(),
                };
                found.push(self.association("exactMatchOf", competency, &skill, None, page));
            }
        }
        found
    }

    fn item_types(&self) -> Vec<ItemType> {
        let lang = self.site.config.lang;
        Kind::ALL
            .into_iter()
            .map(|kind| {
                let link = self.type_link(kind);
                let (title, description) = type_text(kind, lang);
                ItemType {
                    identifier: link.identifier,
                    uri: link.uri,
                    title,
                    description,
                    hierarchy_code: kind.letter(),
                    type_code: kind.word(lang),
                    last_change_date_time: self.dates.handbook().to_string(),
                }
            })
            .collect()
    }
}

impl Builder<'_> {
    /// The handbook's rubric: a criterion per competency with levels.
    /// None without a scale.
    fn rubrics(&self) -> Vec<Rubric> {
        let config = &self.site.config;
        if config.handbook.levels.is_empty() {
            return Vec::new();
        }
        let rubric_id = self.ids.id("rubric:");
        let criteria = self
            .site
            .competencies()
            .enumerate()
            .filter(|(_, page)| !page.rendered.levels.levels.is_empty())
            .filter_map(|(i, page)| {
                let item = self.competencies.get(page.slug.as_str())?;
                Some(self.criterion(page, i + 1, item, &rubric_id))
            })
            .collect();
        vec![Rubric {
            uri: urn(&rubric_id),
            identifier: rubric_id,
            title: config.handbook.levels_heading.clone(),
            description: config.handbook.levels.join(", "),
            last_change_date_time: self.dates.handbook().to_string(),
            criteria,
        }]
    }

    fn criterion(&self, page: &Page, number: usize, item: &Link, rubric_id: &str) -> Criterion {
        let id = self.ids.id(&format!("criterion:{}", page.path));
        let date = self.dates.page(page);
        let levels = page
            .rendered
            .levels
            .levels
            .iter()
            .enumerate()
            .map(|(i, level)| {
                let path = format!("{}#{}", page.path, level.heading.id);
                let level_id = self.ids.id(&format!("level:{path}"));
                CriterionLevel {
                    uri: self.ids.page_uri(&path, &level_id),
                    identifier: level_id,
                    description: level.text.clone(),
                    quality: level.heading.text.clone(),
                    score: self.site.config.handbook.level_step(&level.heading.text),
                    position: i + 1,
                    rubric_criterion_id: id.clone(),
                    last_change_date_time: date.clone(),
                }
            })
            .collect();
        Criterion {
            uri: urn(&id),
            identifier: id,
            category: format!("C{number}"),
            description: page.front.title.clone(),
            item: item.clone(),
            position: number,
            rubric_id: rubric_id.to_string(),
            last_change_date_time: date,
            levels,
        }
    }
}

/// `case.json`.
pub(super) fn export(site: &Site, entries: &[Entry<'_>]) -> File {
    let builder = Builder::new(site, entries);
    let config = &site.config;
    let organisation = config.branding.organisation.as_deref();
    let document = Document {
        identifier: builder.document.identifier.clone(),
        uri: builder.document.uri.clone(),
        case_version: "1.1",
        creator: organisation.unwrap_or(&config.title),
        title: &config.title,
        last_change_date_time: builder.dates.handbook(),
        official_source_url: config.has_origin().then_some(config.base_url.as_str()),
        publisher: organisation,
        description: Some(config.description.as_str()).filter(|d| !d.trim().is_empty()),
        language: &config.language,
        extensions: DocumentExtensions {
            levels: &config.handbook.levels,
        },
    };
    let package = Package {
        document,
        items: entries.iter().map(|e| builder.item(e)).collect(),
        associations: builder.associations(entries),
        definitions: Definitions {
            item_types: builder.item_types(),
        },
        rubrics: builder.rubrics(),
    };
    let mut bytes = serde_json::to_vec_pretty(&package).unwrap_or_default();
    bytes.push(b'\n');
    (site.layout.case.to_string(), bytes)
}
