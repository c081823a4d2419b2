//! What templates see of a competency's framework parts: its behaviour
//! indicators, its levels and its reflection questions.
//!
//! Like the examples and tips, every part is shown with the ids of the page
//! it is on (on the print page they carry the competency's slug) and a `url`
//! that points at the part on the competency's own page. A level also knows
//! its `step`: its place in the scale of `[handbook] levels` (1 for the
//! lowest), so a template can line levels up across competencies.

use serde::Serialize;

use super::context::{HeadingCtx, PartCtx, Renderer};
use crate::content::Page;
use crate::markdown::{Level, Levels, ListSection, Rendered};

/// A competency's indicators, levels and questions in a template.
#[derive(Serialize)]
pub(super) struct ModelCtx<'a> {
    /// The behaviour indicators (`Wat je ziet`).
    pub(super) behaviour: ListCtx<'a>,
    /// The levels (`Niveaus`).
    pub(super) levels: LevelsCtx<'a>,
    /// The reflection questions (`Reflectievragen`).
    pub(super) reflection: ListCtx<'a>,
}

/// A section of list parts: its heading as written, the text around the
/// list and the items.
#[derive(Serialize)]
pub(super) struct ListCtx<'a> {
    heading: Option<HeadingCtx<'a>>,
    intro: &'a str,
    items: Vec<PartCtx<'a>>,
    after: &'a str,
}

/// The levels section.
#[derive(Serialize)]
pub(super) struct LevelsCtx<'a> {
    heading: Option<HeadingCtx<'a>>,
    intro: &'a str,
    /// The levels in the order written.
    items: Vec<LevelCtx<'a>>,
}

/// One level of one competency.
#[derive(Serialize)]
struct LevelCtx<'a> {
    id: &'a str,
    /// The name as written in the heading.
    name: &'a str,
    /// The place in the scale, from 1; 0 if the scale does not name it.
    step: usize,
    description: &'a str,
    text: &'a str,
    indicators: Vec<PartCtx<'a>>,
    after: &'a str,
    /// The address of the level on its competency page.
    url: String,
}

impl<'a> Renderer<'a> {
    /// The framework parts of `page` as rendered in `shown` (the page's own
    /// rendering, or its print rendering).
    pub(super) fn model(&self, page: &'a Page, shown: &'a Rendered) -> ModelCtx<'a> {
        let own = &page.rendered;
        ModelCtx {
            behaviour: self.list(page, &shown.behaviour, &own.behaviour),
            levels: self.levels(page, &shown.levels, &own.levels),
            reflection: self.list(page, &shown.reflection, &own.reflection),
        }
    }

    fn list(&self, page: &Page, shown: &'a ListSection, own: &ListSection) -> ListCtx<'a> {
        ListCtx {
            heading: shown.heading.as_ref().map(HeadingCtx::of),
            intro: &shown.intro,
            items: self.parts(page, &shown.items, &own.items),
            after: &shown.after,
        }
    }

    fn levels(&self, page: &Page, shown: &'a Levels, own: &Levels) -> LevelsCtx<'a> {
        let handbook = &self.site.config.handbook;
        let items = shown
            .levels
            .iter()
            .zip(&own.levels)
            .map(|(level, own): (&'a Level, &Level)| LevelCtx {
                id: &level.heading.id,
                name: &level.heading.text,
                step: handbook.level_step(&level.heading.text),
                description: &level.description,
                text: &level.text,
                indicators: self.parts(page, &level.indicators, &own.indicators),
                after: &level.after,
                url: format!("{}#{}", self.url(&page.path), own.heading.id),
            })
            .collect();
        LevelsCtx {
            heading: shown.heading.as_ref().map(HeadingCtx::of),
            intro: &shown.intro,
            items,
        }
    }
}
