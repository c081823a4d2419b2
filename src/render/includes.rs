//! Include cycles, found when the templates are loaded.
//!
//! Tera renders `{% include "x.html" %}` by rendering `x.html` in place, with
//! no check that it is not already being rendered: a template that includes
//! itself, directly or through others, overflows the stack. Bekwaam looks
//! at every `include` in every template before any page is rendered (in
//! blocks, conditions, loops and macros too, whether or not they run: the
//! check reads the text, not one page's data) and refuses a cycle.
//!
//! An `include` may list several names (Tera renders the first that exists)
//! and may say `ignore missing`; only the name that would be rendered counts.

use std::collections::{BTreeMap, BTreeSet};

use tera::Tera;
use tera::ast::Node;

/// Every include cycle among the templates, each as the names in order from
/// its smallest name, ending where it started (`a.html`, `b.html`,
/// `a.html`); sorted.
pub(crate) fn cycles(tera: &Tera) -> Vec<Vec<String>> {
    let graph: BTreeMap<&str, BTreeSet<&str>> = tera
        .templates
        .iter()
        .map(|(name, template)| (name.as_str(), included(tera, &template.ast)))
        .collect();
    let mut found = BTreeSet::new();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for &start in graph.keys() {
        if done.contains(start) {
            continue;
        }
        // Depth-first, with the path so far and where each step is in its
        // list of includes; a step back onto the path closes a cycle.
        let mut path: Vec<(&str, Vec<&str>)> = vec![(start, edges(&graph, start))];
        while let Some((name, next)) = path.last_mut() {
            let name = *name;
            let Some(target) = next.pop() else {
                done.insert(name);
                path.pop();
                continue;
            };
            if let Some(at) = path.iter().position(|(step, _)| *step == target) {
                found.insert(normalised(path[at..].iter().map(|(step, _)| *step)));
            } else if !done.contains(target) {
                path.push((target, edges(&graph, target)));
            }
        }
    }
    found.into_iter().collect()
}

fn edges<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>, name: &str) -> Vec<&'a str> {
    graph
        .get(name)
        .map(|targets| targets.iter().rev().copied().collect())
        .unwrap_or_default()
}

/// A cycle turned to start at its smallest name, closed with that name.
fn normalised<'a>(steps: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut steps: Vec<String> = steps.map(str::to_string).collect();
    if let Some(smallest) = (0..steps.len()).min_by_key(|&i| &steps[i]) {
        steps.rotate_left(smallest);
    }
    if let Some(first) = steps.first().cloned() {
        steps.push(first);
    }
    steps
}

/// The templates that `ast` includes, at any depth.
fn included<'a>(tera: &Tera, ast: &'a [Node]) -> BTreeSet<&'a str> {
    let mut names = BTreeSet::new();
    let mut bodies: Vec<&'a [Node]> = vec![ast];
    while let Some(body) = bodies.pop() {
        for node in body {
            match node {
                Node::Include(_, candidates, _) => {
                    if let Some(name) = candidates
                        .iter()
                        .find(|name| tera.templates.contains_key(name.as_str()))
                    {
                        names.insert(name.as_str());
                    }
                }
                Node::MacroDefinition(_, definition, _) => bodies.push(&definition.body),
                Node::FilterSection(_, section, _) => bodies.push(&section.body),
                Node::Block(_, block, _) => bodies.push(&block.body),
                Node::Forloop(_, forloop, _) => {
                    bodies.push(&forloop.body);
                    if let Some(empty) = &forloop.empty_body {
                        bodies.push(empty);
                    }
                }
                Node::If(choice, _) => {
                    bodies.extend(choice.conditions.iter().map(|(_, _, body)| body.as_slice()));
                    if let Some((_, body)) = &choice.otherwise {
                        bodies.push(body);
                    }
                }
                Node::Super
                | Node::Text(_)
                | Node::VariableBlock(..)
                | Node::Extends(..)
                | Node::ImportMacro(..)
                | Node::Set(..)
                | Node::Raw(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
        }
    }
    names
}

/// The byte offset of the first `include` tag in `text` that names
/// `target`, for the message's line and column.
pub(crate) fn include_offset(text: &str, target: &str) -> Option<usize> {
    let quoted = [format!("\"{target}\""), format!("'{target}'")];
    let mut from = 0;
    while let Some(found) = text[from..].find("{%") {
        let start = from + found;
        let end = text[start..].find("%}").map_or(text.len(), |e| start + e);
        let tag = text[start + 2..end].trim_start_matches('-').trim_start();
        if tag.starts_with("include") && quoted.iter().any(|q| tag.contains(q.as_str())) {
            return Some(start);
        }
        from = end.max(start + 2);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycles_of(templates: &[(&str, &str)]) -> Vec<String> {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        cycles(&tera).iter().map(|c| c.join(" -> ")).collect()
    }

    #[test]
    fn a_template_that_includes_itself_is_a_cycle() {
        assert_eq!(
            cycles_of(&[("index.html", "{% include \"index.html\" %}")]),
            ["index.html -> index.html"]
        );
    }

    #[test]
    fn cycles_through_others_and_inside_bodies_are_found() {
        let found = cycles_of(&[
            (
                "a.html",
                "{% if x %}{% for i in y %}{% include \"b.html\" %}{% endfor %}{% endif %}",
            ),
            (
                "b.html",
                "{% macro m() %}{% include \"a.html\" %}{% endmacro %}",
            ),
            (
                "c.html",
                "{% block x %}{% include \"c.html\" %}{% endblock %}",
            ),
            ("d.html", "{% include \"b.html\" %}"),
        ]);
        assert_eq!(found, ["a.html -> b.html -> a.html", "c.html -> c.html"]);
    }

    #[test]
    fn only_the_name_that_would_be_rendered_counts() {
        let found = cycles_of(&[
            (
                "a.html",
                "{% include [\"missing.html\", \"a.html\"] ignore missing %}",
            ),
            ("b.html", "{% include [\"c.html\", \"b.html\"] %}"),
            ("c.html", "plain"),
            ("d.html", "{% include \"missing.html\" ignore missing %}"),
        ]);
        assert_eq!(found, ["a.html -> a.html"]);
    }

    #[test]
    fn a_diamond_is_no_cycle() {
        let found = cycles_of(&[
            ("a.html", "{% include \"b.html\" %}{% include \"c.html\" %}"),
            ("b.html", "{% include \"d.html\" %}"),
            ("c.html", "{% include \"d.html\" %}"),
            ("d.html", "end"),
        ]);
        assert!(found.is_empty());
    }

    #[test]
    fn the_include_tag_is_found_in_the_text() {
        let text = "a\n{% if x %}{%- include 'b.html' -%}{% endif %}";
        assert_eq!(include_offset(text, "b.html"), Some(12));
        assert_eq!(include_offset(text, "c.html"), None);
    }
}
