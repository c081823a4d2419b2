//! Limits on what a template can make Bekwaam do while it renders one page.
//!
//! Tera has no limit of its own: a macro that calls itself without end
//! overflows the stack (the process aborts), `range(end=2000000000)` asks
//! for gigabytes, and nested loops over every competency run for hours.
//! Templates come from the handbook, so Bekwaam bounds them itself:
//!
//! - **Depth.** Every page is rendered with nearly [`STACK_BYTES`] of stack
//!   left (on a fresh one if its thread has less),
//!   whatever thread asks (rayon's workers, the preview's threads, the main
//!   thread of `check`), so a template behaves the same in every command.
//!   After loading, the start of every macro body gets a call to
//!   [`STACK_FN`], which fails once less than [`STACK_MARGIN`] of that stack
//!   is left. Recursion that ends (a macro that walks a tree, as Zola-style
//!   themes do) keeps working to a depth of hundreds; recursion that does not
//!   end is an error that names the macro, long before the stack runs out.
//! - **Loops.** The start of every `for` body gets a call to [`LOOP_FN`],
//!   which counts the rounds of all loops of one page ([`LOOP_BUDGET`]).
//! - **Ranges.** Bekwaam's own `range` replaces Tera's (same arguments, same
//!   numbers), with a bound on one range ([`MAX_RANGE`]) and on all ranges of
//!   one page together ([`RANGE_BUDGET`]).
//! - **Size.** A page is rendered into a writer that refuses to grow past
//!   [`MAX_PAGE_BYTES`], so the render stops there.
//!
//! The counters live in a thread-local [`Budget`] that [`render`] resets for
//! every page; a render runs on one thread from start to end. A function
//! that trips a limit records which one (a [`Limit`]) before it fails, so
//! the message does not depend on the wording of Tera's errors.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io::{self, Write};

use tera::ast::{Expr, ExprVal, FunctionCall, MacroDefinition, Node, WS};
use tera::{Context, Tera, Value};

/// The stack every page is rendered on.
pub(crate) const STACK_BYTES: usize = 64 * 1024 * 1024;
/// How much of [`STACK_BYTES`] a caller may have used already for a render
/// to run on its stack (see [`on_own_stack`]).
const STACK_SLACK: usize = 1024 * 1024;
/// How much of [`STACK_BYTES`] must be left when a macro starts.
pub(crate) const STACK_MARGIN: usize = 16 * 1024 * 1024;
/// The most numbers one `range` may make.
pub(crate) const MAX_RANGE: usize = 100_000;
/// The most numbers all `range` calls of one page may make together.
pub(crate) const RANGE_BUDGET: usize = 1_000_000;
/// The most rounds all loops of one page may make together (the print page
/// of 20,000 competencies makes about 272,000).
pub(crate) const LOOP_BUDGET: u64 = 2_000_000;
/// The largest page a template may make: four times the print page of a
/// handbook of 20,000 competencies of about 1,000 words (about 240 MB).
pub(crate) const MAX_PAGE_BYTES: usize = 1024 * 1024 * 1024;

/// The start of the names of the functions called at the start of every
/// macro body: one per macro, so a call needs no arguments (the preview
/// renders often, and every loop round pays for a call).
const STACK_FN: &str = "__bekwaam_stack_";
/// The start of the names of the functions called at the start of every
/// loop body: one per template.
const LOOP_FN: &str = "__bekwaam_loop_";
/// The argument that tells `range` which template it is in.
const TEMPLATE_ARG: &str = "__bekwaam_template";

/// A limit a template ran into while rendering one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    /// The macro `name` in `template` went too deep.
    Depth { template: String, name: String },
    /// One `range` in `template` would make `length` numbers.
    RangeLength { template: String, length: usize },
    /// The ranges of the page, the last one in `template`, made too many numbers.
    RangeBudget { template: String },
    /// The loops of the page, the last one in `template`, went round too often.
    Loops { template: String },
    /// The page grew past [`MAX_PAGE_BYTES`].
    Size,
}

impl Limit {
    /// The template to name, if the limit knows it (for [`Limit::Size`] it
    /// is the page's template).
    pub(crate) fn template(&self) -> Option<&str> {
        match self {
            Limit::Depth { template, .. }
            | Limit::RangeLength { template, .. }
            | Limit::RangeBudget { template }
            | Limit::Loops { template } => Some(template),
            Limit::Size => None,
        }
    }

    /// What went wrong, in one sentence.
    pub(crate) fn message(&self, page_template: &str) -> String {
        match self {
            Limit::Depth { template, name } => format!(
                "de macro `{name}` in `{template}` roept zichzelf te vaak aan: het renderen gaat te diep"
            ),
            Limit::RangeLength { template, length } => format!(
                "`range` in `{template}` maakt {} getallen; het maximum is {}",
                dutch_number(*length as u64),
                dutch_number(MAX_RANGE as u64)
            ),
            Limit::RangeBudget { template } => format!(
                "de `range`-aanroepen maken samen meer dan {} getallen voor één pagina (de laatste in `{template}`)",
                dutch_number(RANGE_BUDGET as u64)
            ),
            Limit::Loops { template } => format!(
                "de lussen gaan samen meer dan {} keer rond voor één pagina (de laatste in `{template}`)",
                dutch_number(LOOP_BUDGET)
            ),
            Limit::Size => format!(
                "template `{page_template}` maakt een pagina van meer dan {} GB",
                MAX_PAGE_BYTES / (1024 * 1024 * 1024)
            ),
        }
    }

    /// What to do about it.
    pub(crate) fn help(&self) -> &'static str {
        match self {
            Limit::Depth { .. } => {
                "zorg dat de macro stopt: roep hem alleen aan binnen een `{% if %}` die ergens onwaar wordt"
            }
            Limit::RangeLength { .. } | Limit::RangeBudget { .. } => {
                "maak `end` kleiner, of loop over een lijst die er al is (zoals `competencies`)"
            }
            Limit::Loops { .. } => {
                "zet geen lussen over lange lijsten in elkaar; loop één keer over de lijst"
            }
            Limit::Size => {
                "kijk of een lus of macro te veel herhaalt; zo'n grote pagina opent geen browser"
            }
        }
    }
}

/// Writes `number` with a dot between thousands, as Dutch does (`100.000`).
fn dutch_number(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// What the templates of one page have used so far.
#[derive(Default)]
struct Budget {
    range_numbers: usize,
    loop_rounds: u64,
    tripped: Option<Limit>,
}

thread_local! {
    static BUDGET: RefCell<Budget> = RefCell::new(Budget::default());
}

/// Records `limit` and makes the error that stops the render.
fn trip(limit: Limit) -> tera::Error {
    let message = limit.message("");
    BUDGET.with(|budget| budget.borrow_mut().tripped = Some(limit));
    tera::Error::msg(message)
}

/// Why a render failed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A limit of this module.
    Limit(Limit),
    /// Anything else Tera reports.
    Tera(tera::Error),
}

/// Runs `work` with at least [`STACK_BYTES`] less [`STACK_SLACK`] of stack
/// left: in place on a thread that has it (the binary gives rayon's workers
/// stacks of [`STACK_BYTES`]), else on a fresh stack of [`STACK_BYTES`]. A
/// fresh stack per page costs a map and unmap of 64 MB each time, which the
/// preview felt.
pub(crate) fn on_own_stack<R>(work: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(STACK_BYTES - STACK_SLACK, STACK_BYTES, work)
}

/// Renders `name` with `context` on a stack of its own, within the limits.
pub(crate) fn render(tera: &Tera, name: &str, context: &Context) -> Result<Vec<u8>, Failure> {
    on_own_stack(|| {
        BUDGET.with(|budget| *budget.borrow_mut() = Budget::default());
        let mut page = Capped::default();
        let result = tera.render_to(name, context, &mut page);
        let tripped = BUDGET.with(|budget| budget.borrow_mut().tripped.take());
        match (result, tripped, page.overflowed) {
            (Ok(()), _, _) => Ok(page.bytes),
            (Err(_), _, true) => Err(Failure::Limit(Limit::Size)),
            (Err(_), Some(limit), _) => Err(Failure::Limit(limit)),
            (Err(error), None, false) => Err(Failure::Tera(error)),
        }
    })
}

/// A page being written, refusing to grow past [`MAX_PAGE_BYTES`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_PAGE_BYTES {
            self.overflowed = true;
            return Err(io::Error::other("page too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Registers Bekwaam's `range` and the checks, and puts the checks into
/// every loop and macro of the loaded templates.
pub(crate) fn install(tera: &mut Tera) {
    tera.register_function("range", range);
    let mut checks = Checks::default();
    for (name, template) in tera.templates.iter_mut() {
        instrument(&mut template.ast, name, &mut checks);
        for definition in template.macros.values_mut() {
            instrument_macro(definition, name, &mut checks);
        }
        for block in template.blocks.values_mut() {
            instrument(&mut block.body, name, &mut checks);
        }
        for definitions in template.blocks_definitions.values_mut() {
            for (origin, block) in definitions.iter_mut() {
                instrument(&mut block.body, origin, &mut checks);
            }
        }
    }
    for (function, check) in checks.made {
        match check {
            Check::Loop { template } => {
                tera.register_function(&function, move |_: &HashMap<String, Value>| {
                    count_round(&template)
                });
            }
            Check::Stack { template, name } => {
                tera.register_function(&function, move |_: &HashMap<String, Value>| {
                    check_stack(&template, &name)
                });
            }
        }
    }
}

/// What an injected function checks, and for which template (and macro).
enum Check {
    Loop { template: String },
    Stack { template: String, name: String },
}

/// The functions the injected calls name, made while instrumenting.
#[derive(Default)]
struct Checks {
    made: Vec<(String, Check)>,
    /// The loop function of each template, made once.
    loops: HashMap<String, String>,
}

impl Checks {
    fn for_loop(&mut self, template: &str) -> String {
        if let Some(function) = self.loops.get(template) {
            return function.clone();
        }
        let function = format!("{LOOP_FN}{}", self.made.len());
        let check = Check::Loop {
            template: template.to_string(),
        };
        self.made.push((function.clone(), check));
        self.loops.insert(template.to_string(), function.clone());
        function
    }

    fn for_macro(&mut self, template: &str, name: &str) -> String {
        let function = format!("{STACK_FN}{}", self.made.len());
        let check = Check::Stack {
            template: template.to_string(),
            name: name.to_string(),
        };
        self.made.push((function.clone(), check));
        function
    }
}

/// The template name an injected or rewritten call was given.
fn template_arg(args: &HashMap<String, Value>) -> String {
    args.get(TEMPLATE_ARG)
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string()
}

/// What an injected call gives: nothing to write.
fn nothing() -> Value {
    Value::String(String::new())
}

fn check_stack(template: &str, name: &str) -> tera::Result<Value> {
    let left = stacker::remaining_stack().unwrap_or(usize::MAX);
    if left < STACK_MARGIN {
        return Err(trip(Limit::Depth {
            template: template.to_string(),
            name: name.to_string(),
        }));
    }
    Ok(nothing())
}

fn count_round(template: &str) -> tera::Result<Value> {
    let over = BUDGET.with(|budget| {
        let mut budget = budget.borrow_mut();
        budget.loop_rounds += 1;
        budget.loop_rounds > LOOP_BUDGET
    });
    if over {
        return Err(trip(Limit::Loops {
            template: template.to_string(),
        }));
    }
    Ok(nothing())
}

/// Tera's `range` (`start`, `end`, `step_by`; the numbers from `start` up to
/// but not including `end`), bounded.
fn range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<usize>| -> tera::Result<usize> {
        match args.get(key) {
            Some(value) => value.as_u64().map(|n| n as usize).ok_or_else(|| {
                tera::Error::msg(format!(
                    "`range` kreeg {key}={value}, maar `{key}` moet een geheel getal van 0 of meer zijn"
                ))
            }),
            None => default.ok_or_else(|| tera::Error::msg("`range` mist het argument `end`")),
        }
    };
    let start = number("start", Some(0))?;
    let end = number("end", None)?;
    let step = number("step_by", Some(1))?;
    if start > end {
        return Err(tera::Error::msg(
            "`range` kreeg een `start` die groter is dan `end`",
        ));
    }
    if step == 0 {
        return Err(tera::Error::msg("`range` kreeg step_by=0; kies 1 of meer"));
    }
    let length = (end - start).div_ceil(step);
    let template = template_arg(args);
    if length > MAX_RANGE {
        return Err(trip(Limit::RangeLength { template, length }));
    }
    let over = BUDGET.with(|budget| {
        let mut budget = budget.borrow_mut();
        budget.range_numbers += length;
        budget.range_numbers > RANGE_BUDGET
    });
    if over {
        return Err(trip(Limit::RangeBudget { template }));
    }
    Ok(Value::Array(
        (start..end).step_by(step).map(Value::from).collect(),
    ))
}

/// A `{{ function() }}` that calls `function`, which writes nothing.
fn guard_node(function: String) -> Node {
    let call = FunctionCall {
        name: function,
        args: HashMap::new(),
    };
    Node::VariableBlock(WS::default(), Expr::new(ExprVal::FunctionCall(call)))
}

fn instrument_macro(definition: &mut MacroDefinition, template: &str, checks: &mut Checks) {
    for default in definition.args.values_mut().flatten() {
        instrument_expr(default, template);
    }
    instrument(&mut definition.body, template, checks);
    let check = guard_node(checks.for_macro(template, &definition.name));
    definition.body.insert(0, check);
}

/// Puts the loop check into every loop in `nodes` and the template's name
/// into every `range`, at any depth.
fn instrument(nodes: &mut [Node], template: &str, checks: &mut Checks) {
    for node in nodes {
        match node {
            Node::VariableBlock(_, expr) => instrument_expr(expr, template),
            Node::Set(_, set) => instrument_expr(&mut set.value, template),
            Node::MacroDefinition(_, definition, _) => {
                instrument_macro(definition, template, checks)
            }
            Node::FilterSection(_, section, _) => {
                instrument_call(&mut section.filter, template);
                instrument(&mut section.body, template, checks);
            }
            Node::Block(_, block, _) => instrument(&mut block.body, template, checks),
            Node::Forloop(_, forloop, _) => {
                instrument_expr(&mut forloop.container, template);
                instrument(&mut forloop.body, template, checks);
                forloop
                    .body
                    .insert(0, guard_node(checks.for_loop(template)));
                if let Some(empty) = &mut forloop.empty_body {
                    instrument(empty, template, checks);
                }
            }
            Node::If(choice, _) => {
                for (_, condition, body) in &mut choice.conditions {
                    instrument_expr(condition, template);
                    instrument(body, template, checks);
                }
                if let Some((_, body)) = &mut choice.otherwise {
                    instrument(body, template, checks);
                }
            }
            Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::Include(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

fn instrument_expr(expr: &mut Expr, template: &str) {
    for filter in &mut expr.filters {
        instrument_call(filter, template);
    }
    match &mut expr.val {
        ExprVal::Math(math) => {
            instrument_expr(&mut math.lhs, template);
            instrument_expr(&mut math.rhs, template);
        }
        ExprVal::Logic(logic) => {
            instrument_expr(&mut logic.lhs, template);
            instrument_expr(&mut logic.rhs, template);
        }
        ExprVal::In(within) => {
            instrument_expr(&mut within.lhs, template);
            instrument_expr(&mut within.rhs, template);
        }
        ExprVal::Test(test) => {
            for arg in &mut test.args {
                instrument_expr(arg, template);
            }
        }
        ExprVal::MacroCall(call) => {
            for arg in call.args.values_mut() {
                instrument_expr(arg, template);
            }
        }
        ExprVal::FunctionCall(call) => {
            instrument_call(call, template);
            if call.name == "range" {
                call.args.insert(
                    TEMPLATE_ARG.to_string(),
                    Expr::new(ExprVal::String(template.to_string())),
                );
            }
        }
        ExprVal::Array(items) => {
            for item in items {
                instrument_expr(item, template);
            }
        }
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_)
        | ExprVal::StringConcat(_) => {}
    }
}

fn instrument_call(call: &mut FunctionCall, template: &str) {
    for arg in call.args.values_mut() {
        instrument_expr(arg, template);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tera(templates: &[(&str, &str)]) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        install(&mut tera);
        tera
    }

    fn rendered(tera: &Tera, name: &str) -> Result<String, Failure> {
        render(tera, name, &Context::new()).map(|bytes| String::from_utf8(bytes).unwrap())
    }

    #[test]
    fn range_gives_the_same_numbers_as_teras() {
        let calls = [
            "range(end=5)",
            "range(start=2, end=5)",
            "range(start=1, end=10, step_by=3)",
            "range(start=3, end=3)",
        ];
        for call in calls {
            let text = format!("{{% for i in {call} %}}{{{{ i }}}},{{% endfor %}}");
            let ours = rendered(&tera(&[("t", &text)]), "t").unwrap();
            let theirs = Tera::one_off(&text, &Context::new(), false).unwrap();
            assert_eq!(ours, theirs, "{call}");
        }
        let zero = tera(&[("t", "{{ range(end=3, step_by=0) }}")]);
        assert!(matches!(rendered(&zero, "t"), Err(Failure::Tera(_))));
    }

    #[test]
    fn a_long_range_or_many_ranges_name_the_template() {
        let long = tera(&[("t", "{% for i in range(end=2000000000) %}{% endfor %}")]);
        let Err(Failure::Limit(limit)) = rendered(&long, "t") else {
            panic!("no limit")
        };
        assert_eq!(
            limit,
            Limit::RangeLength {
                template: "t".into(),
                length: 2_000_000_000
            }
        );
        let nested = tera(&[
            ("base", "{% block b %}{% endblock %}"),
            (
                "t",
                "{% extends \"base\" %}{% block b %}{% for i in range(end=100000) %}\
                 {% for j in range(end=100000) %}{% endfor %}{% endfor %}{% endblock %}",
            ),
        ]);
        let Err(Failure::Limit(limit)) = rendered(&nested, "t") else {
            panic!("no limit")
        };
        assert_eq!(limit.template(), Some("t"));
        assert!(matches!(
            limit,
            Limit::RangeBudget { .. } | Limit::Loops { .. }
        ));
    }

    #[test]
    fn the_budget_is_per_page() {
        let tera = tera(&[("t", "{% for i in range(end=100000) %}{% endfor %}")]);
        for _ in 0..20 {
            assert!(rendered(&tera, "t").is_ok());
        }
    }

    #[test]
    fn recursion_with_an_end_works_and_without_one_is_a_limit() {
        let tree =
            "{% macro walk(n) %}{% if n > 0 %}({{ self::walk(n=n - 1) }}){% endif %}{% endmacro %}";
        let tera = tera(&[
            ("m", tree),
            ("deep", "{% import \"m\" as m %}{{ m::walk(n=100) }}"),
            (
                "endless",
                "{% import \"m\" as m %}{% macro down() %}{{ self::down() }}{% endmacro %}{{ self::down() }}",
            ),
        ]);
        let deep = rendered(&tera, "deep").unwrap();
        assert_eq!(deep, format!("{}{}", "(".repeat(100), ")".repeat(100)));
        let Err(Failure::Limit(limit)) = rendered(&tera, "endless") else {
            panic!("no limit")
        };
        assert_eq!(
            limit,
            Limit::Depth {
                template: "endless".into(),
                name: "down".into()
            }
        );
    }

    #[test]
    fn a_page_that_grows_too_large_stops() {
        let text = format!(
            "{{% for i in range(end=100000) %}}{{% for j in range(end=2) %}}{}{{% endfor %}}{{% endfor %}}",
            "x".repeat(10_000)
        );
        let tera = tera(&[("t", &text)]);
        assert!(matches!(
            rendered(&tera, "t"),
            Err(Failure::Limit(Limit::Size))
        ));
    }

    #[test]
    fn numbers_are_written_the_dutch_way() {
        assert_eq!(dutch_number(0), "0");
        assert_eq!(dutch_number(999), "999");
        assert_eq!(dutch_number(100_000), "100.000");
        assert_eq!(dutch_number(10_000_000), "10.000.000");
    }
}
