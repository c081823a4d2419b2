//! The rules of the CASE 1.1 CFPackage JSON schema, written out: the
//! properties each object may have and must have, identifiers as lowercase
//! UUIDs, date-times, URIs, and every association's ends found in the
//! package. [`case_problems`] lists every rule a package breaks.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

/// The properties of one kind of CASE object: those it may have and those
/// it must have. `extensions` (free) is allowed everywhere.
struct Rule {
    allowed: &'static [&'static str],
    required: &'static [&'static str],
}

/// The CASE 1.1 CFPackage objects, from the specification's JSON binding
/// (`CFPckgDocumentDType`, `CFPckgItemDType`, `CFPckgAssociationDType`,
/// `CFItemTypeDType`, `CFRubricDType`, `CFRubricCriterionDType`,
/// `CFRubricCriterionLevelDType`, `LinkURIDType`, `LinkGenURIDType`).
fn case_rules(kind: &str) -> Rule {
    match kind {
        "package" => Rule {
            allowed: &[
                "CFDocument",
                "CFItems",
                "CFAssociations",
                "CFDefinitions",
                "CFRubrics",
            ],
            required: &["CFDocument"],
        },
        "document" => Rule {
            allowed: &[
                "identifier",
                "uri",
                "frameworkType",
                "caseVersion",
                "creator",
                "title",
                "lastChangeDateTime",
                "officialSourceURL",
                "publisher",
                "description",
                "subject",
                "subjectURI",
                "language",
                "version",
                "adoptionStatus",
                "statusStartDate",
                "statusEndDate",
                "licenseURI",
                "notes",
            ],
            required: &[
                "identifier",
                "uri",
                "creator",
                "title",
                "lastChangeDateTime",
            ],
        },
        "item" => Rule {
            allowed: &[
                "identifier",
                "fullStatement",
                "alternativeLabel",
                "CFItemType",
                "uri",
                "humanCodingScheme",
                "listEnumeration",
                "abbreviatedStatement",
                "conceptKeywords",
                "conceptKeywordsURI",
                "notes",
                "subject",
                "subjectURI",
                "language",
                "educationLevel",
                "CFItemTypeURI",
                "licenseURI",
                "statusStartDate",
                "statusEndDate",
                "lastChangeDateTime",
            ],
            required: &["identifier", "fullStatement", "uri", "lastChangeDateTime"],
        },
        "association" => Rule {
            allowed: &[
                "identifier",
                "associationType",
                "sequenceNumber",
                "uri",
                "originNodeURI",
                "destinationNodeURI",
                "CFAssociationGroupingURI",
                "lastChangeDateTime",
                "notes",
            ],
            required: &[
                "identifier",
                "associationType",
                "uri",
                "originNodeURI",
                "destinationNodeURI",
                "lastChangeDateTime",
            ],
        },
        "definitions" => Rule {
            allowed: &[
                "CFConcepts",
                "CFSubjects",
                "CFLicenses",
                "CFItemTypes",
                "CFAssociationGroupings",
            ],
            required: &[],
        },
        "item type" => Rule {
            allowed: &[
                "identifier",
                "uri",
                "title",
                "description",
                "hierarchyCode",
                "typeCode",
                "lastChangeDateTime",
            ],
            required: &[
                "identifier",
                "uri",
                "title",
                "description",
                "hierarchyCode",
                "lastChangeDateTime",
            ],
        },
        "rubric" => Rule {
            allowed: &[
                "identifier",
                "uri",
                "title",
                "description",
                "lastChangeDateTime",
                "CFRubricCriteria",
            ],
            required: &["identifier", "uri", "lastChangeDateTime"],
        },
        "criterion" => Rule {
            allowed: &[
                "identifier",
                "uri",
                "category",
                "description",
                "CFItemURI",
                "weight",
                "position",
                "rubricId",
                "lastChangeDateTime",
                "CFRubricCriterionLevels",
            ],
            required: &["identifier", "uri", "lastChangeDateTime"],
        },
        "criterion level" => Rule {
            allowed: &[
                "identifier",
                "uri",
                "description",
                "quality",
                "score",
                "feedback",
                "position",
                "rubricCriterionId",
                "lastChangeDateTime",
            ],
            required: &["identifier", "uri", "lastChangeDateTime"],
        },
        "link" => Rule {
            allowed: &["title", "identifier", "uri"],
            required: &["title", "identifier", "uri"],
        },
        "link gen" => Rule {
            allowed: &["title", "identifier", "uri", "targetType"],
            required: &["title", "identifier", "uri"],
        },
        other => panic!("no rule for {other}"),
    }
}

/// The association types of CASE 1.1 (an `ext:` type would be allowed too).
const ASSOCIATION_TYPES: &[&str] = &[
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
];

/// The identifier pattern of CASE 1.1: a lowercase UUID of the RFC variant.
pub(super) fn is_case_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths = [8, 4, 4, 4, 12];
    groups.len() == 5
        && groups.iter().zip(lengths).all(|(g, n)| {
            g.len() == n
                && g.chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
        })
        && matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b')
}

/// An RFC 3339 date-time such as `2026-10-01T00:00:00+00:00`.
fn is_date_time(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| range.into_iter().all(|i| b[i].is_ascii_digit());
    b.len() == 25
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && matches!(b[19], b'+' | b'-')
        && digits(20..22)
        && b[22] == b':'
        && digits(23..25)
}

/// An absolute URI: a scheme, a colon, and no spaces.
fn is_uri(text: &str) -> bool {
    url::Url::parse(text).is_ok() && !text.contains(char::is_whitespace)
}

/// Checks one object against its rule; returns the problems.
fn check_object(kind: &str, where_: &str, value: &Value, problems: &mut Vec<String>) {
    let Some(object) = value.as_object() else {
        problems.push(format!("{where_}: not an object"));
        return;
    };
    let rule = case_rules(kind);
    for key in object.keys() {
        if key != "extensions" && !rule.allowed.contains(&key.as_str()) {
            problems.push(format!("{where_}: `{key}` is no property of a CASE {kind}"));
        }
    }
    if let Some(extensions) = object.get("extensions")
        && !extensions.is_object()
    {
        problems.push(format!("{where_}: `extensions` is not an object"));
    }
    for key in rule.required {
        if !object.contains_key(*key) {
            problems.push(format!("{where_}: the required `{key}` is missing"));
        }
    }
    for (key, value) in object {
        let text = value.as_str();
        let bad = match key.as_str() {
            "identifier" if kind != "link gen" => !text.is_some_and(is_case_uuid),
            "rubricId" | "rubricCriterionId" => !text.is_some_and(is_case_uuid),
            "lastChangeDateTime" => !text.is_some_and(is_date_time),
            "uri" | "officialSourceURL" => !text.is_some_and(is_uri),
            "position" | "sequenceNumber" => !value.is_u64(),
            "score" | "weight" => !value.is_number(),
            "associationType" => !text.is_some_and(|t| ASSOCIATION_TYPES.contains(&t)),
            "caseVersion" => text != Some("1.1"),
            "extensions" => false,
            _ if value.is_string() => false,
            _ => !matches!(value, Value::Array(_) | Value::Object(_)),
        };
        if bad {
            problems.push(format!("{where_}: `{key}` has a bad value: {value}"));
        }
    }
}

/// Every problem of a CFPackage under the CASE 1.1 rules, and the links
/// that do not resolve.
pub(super) fn case_problems(package: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    check_object("package", "package", package, &mut problems);
    let document = &package["CFDocument"];
    check_object("document", "CFDocument", document, &mut problems);
    let empty = Vec::new();
    let list = |value: &Value| value.as_array().unwrap_or(&empty).clone();
    let mut known: BTreeMap<String, String> = BTreeMap::new();
    let mut identifiers = HashSet::new();
    let mut claim = |id: &Value, uri: &Value, problems: &mut Vec<String>| {
        let id = id.as_str().unwrap_or_default().to_string();
        if !identifiers.insert(id.clone()) {
            problems.push(format!("identifier {id} is used twice"));
        }
        known.insert(id, uri.as_str().unwrap_or_default().to_string());
    };
    claim(&document["identifier"], &document["uri"], &mut problems);
    for (i, item) in list(&package["CFItems"]).iter().enumerate() {
        check_object("item", &format!("CFItems[{i}]"), item, &mut problems);
        check_object(
            "link",
            &format!("CFItems[{i}].CFItemTypeURI"),
            &item["CFItemTypeURI"],
            &mut problems,
        );
        claim(&item["identifier"], &item["uri"], &mut problems);
    }
    let definitions = &package["CFDefinitions"];
    check_object("definitions", "CFDefinitions", definitions, &mut problems);
    for (i, item_type) in list(&definitions["CFItemTypes"]).iter().enumerate() {
        check_object(
            "item type",
            &format!("CFItemTypes[{i}]"),
            item_type,
            &mut problems,
        );
        claim(&item_type["identifier"], &item_type["uri"], &mut problems);
    }
    rubric_problems(package, &mut claim, &mut problems);
    for (i, association) in list(&package["CFAssociations"]).iter().enumerate() {
        let at = format!("CFAssociations[{i}]");
        check_object("association", &at, association, &mut problems);
        claim(
            &association["identifier"],
            &association["uri"],
            &mut problems,
        );
    }
    // Links point at objects of the package, with their uri; only an
    // exactMatchOf may point outside (at ESCO).
    for (i, association) in list(&package["CFAssociations"]).iter().enumerate() {
        for end in ["originNodeURI", "destinationNodeURI"] {
            let link = &association[end];
            let at = format!("CFAssociations[{i}].{end}");
            check_object("link gen", &at, link, &mut problems);
            let id = link["identifier"].as_str().unwrap_or_default();
            let outside =
                association["associationType"] == "exactMatchOf" && end == "destinationNodeURI";
            match known.get(id) {
                Some(uri) if Some(uri.as_str()) == link["uri"].as_str() => {}
                Some(uri) => problems.push(format!("{at}: uri {} is not {uri}", link["uri"])),
                None if outside && id.starts_with("http://data.europa.eu/esco/") => {}
                None => problems.push(format!("{at}: {id} is nothing in the package")),
            }
        }
    }
    for (i, item) in list(&package["CFItems"]).iter().enumerate() {
        let link = &item["CFItemTypeURI"];
        if known
            .get(link["identifier"].as_str().unwrap_or_default())
            .map(String::as_str)
            != link["uri"].as_str()
        {
            problems.push(format!("CFItems[{i}].CFItemTypeURI does not resolve"));
        }
    }
    problems
}

fn rubric_problems(
    package: &Value,
    claim: &mut impl FnMut(&Value, &Value, &mut Vec<String>),
    problems: &mut Vec<String>,
) {
    let items: HashSet<&str> = package["CFItems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|i| i["identifier"].as_str())
        .collect();
    for (r, rubric) in package["CFRubrics"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        check_object("rubric", &format!("CFRubrics[{r}]"), rubric, problems);
        claim(&rubric["identifier"], &rubric["uri"], problems);
        for (c, criterion) in rubric["CFRubricCriteria"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let at = format!("CFRubrics[{r}].CFRubricCriteria[{c}]");
            check_object("criterion", &at, criterion, problems);
            check_object(
                "link",
                &format!("{at}.CFItemURI"),
                &criterion["CFItemURI"],
                problems,
            );
            claim(&criterion["identifier"], &criterion["uri"], problems);
            if criterion["rubricId"] != rubric["identifier"] {
                problems.push(format!("{at}: rubricId is not its rubric's"));
            }
            if !items.contains(
                criterion["CFItemURI"]["identifier"]
                    .as_str()
                    .unwrap_or_default(),
            ) {
                problems.push(format!("{at}: CFItemURI is no item of the package"));
            }
            for (l, level) in criterion["CFRubricCriterionLevels"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let at = format!("{at}.CFRubricCriterionLevels[{l}]");
                check_object("criterion level", &at, level, problems);
                claim(&level["identifier"], &level["uri"], problems);
                if level["rubricCriterionId"] != criterion["identifier"] {
                    problems.push(format!("{at}: rubricCriterionId is not its criterion's"));
                }
            }
        }
    }
}
