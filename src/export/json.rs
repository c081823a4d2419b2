//! `handboek.json`: the framework in Bekwaam's own shape (the README shows
//! it). Keys are in alphabetical order: the export has always listed them
//! sorted, and readers may compare files. New keys are only ever added.

use serde::Serialize;

use crate::content::{Page, Site};
use crate::markdown::{Level, Part};

use super::File;

#[derive(Serialize)]
struct Export<'a> {
    base_url: &'a str,
    competencies: Vec<Competency<'a>>,
    language: &'a str,
    /// The scale of `[handbook] levels`, lowest first.
    levels: &'a [String],
    title: &'a str,
}

#[derive(Serialize)]
struct Competency<'a> {
    behaviour: Vec<ExportPart<'a>>,
    code: String,
    description: String,
    esco: Option<&'a str>,
    examples: Vec<ExportPart<'a>>,
    levels: Vec<ExportLevel<'a>>,
    number: usize,
    questions: Vec<ExportPart<'a>>,
    related: &'a [String],
    slug: &'a str,
    summary: Option<&'a str>,
    tips: Vec<ExportPart<'a>>,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ExportPart<'a> {
    code: String,
    html: &'a str,
    id: &'a str,
    text: &'a str,
    title: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ExportLevel<'a> {
    /// The text before the level's list, as HTML.
    description: &'a str,
    id: &'a str,
    indicators: Vec<ExportPart<'a>>,
    name: &'a str,
    /// The place in the scale, from 1.
    step: usize,
    /// The description as plain text.
    text: &'a str,
    url: String,
}

/// The address of a site path, below the base path.
fn url(site: &Site, path: &str) -> String {
    format!("{}{path}", site.config.base_path)
}

/// `parts` of `page`, coded `C<number>.<letter><n>`.
fn parts<'a>(site: &Site, page: &Page, prefix: &str, parts: &'a [Part]) -> Vec<ExportPart<'a>> {
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| ExportPart {
            code: format!("{prefix}{}", i + 1),
            html: &p.html,
            id: &p.id,
            text: &p.text,
            title: &p.title,
            url: format!("{}#{}", url(site, &page.path), p.id),
        })
        .collect()
}

fn level<'a>(site: &Site, page: &Page, code: &str, level: &'a Level) -> ExportLevel<'a> {
    let step = site.config.handbook.level_step(&level.heading.text);
    ExportLevel {
        description: &level.description,
        id: &level.heading.id,
        indicators: parts(site, page, &format!("{code}.N{step}."), &level.indicators),
        name: &level.heading.text,
        step,
        text: &level.text,
        url: format!("{}#{}", url(site, &page.path), level.heading.id),
    }
}

fn competency<'a>(
    site: &'a Site,
    number: usize,
    page: &'a Page,
    description: &dyn Fn(&Page) -> String,
) -> Competency<'a> {
    let rendered = &page.rendered;
    let code = format!("C{number}");
    let coded =
        |letter: &str, list: &'a [Part]| parts(site, page, &format!("{code}.{letter}"), list);
    Competency {
        behaviour: coded("G", &rendered.behaviour.items),
        description: description(page),
        esco: page.front.esco.as_deref(),
        examples: coded("V", &rendered.examples),
        levels: rendered
            .levels
            .levels
            .iter()
            .map(|l| level(site, page, &code, l))
            .collect(),
        number,
        questions: coded("R", &rendered.reflection.items),
        related: &page.front.related,
        slug: &page.slug,
        summary: page.front.summary.as_deref(),
        tips: coded("T", &rendered.tips),
        title: &page.front.title,
        url: url(site, &page.path),
        code,
    }
}

/// `handboek.json`.
pub(super) fn export(site: &Site, description: &dyn Fn(&Page) -> String) -> File {
    let export = Export {
        base_url: &site.config.base_url,
        competencies: site
            .competencies()
            .enumerate()
            .map(|(i, page)| competency(site, i + 1, page, description))
            .collect(),
        language: &site.config.language,
        levels: &site.config.handbook.levels,
        title: &site.config.title,
    };
    let mut bytes = serde_json::to_vec_pretty(&export).unwrap_or_default();
    bytes.push(b'\n');
    (site.layout.export.to_string(), bytes)
}
