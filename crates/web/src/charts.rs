//! Server-rendered SVG charts for the supervisors' dashboards (issue 15).
//!
//! A pure module: each function takes the data and the reader's locale and
//! returns one `<svg>` element as a string, to be put into a template with
//! `|safe`. Every text that comes in (titles, labels, links) is escaped here.
//! No script, no external asset (the CSP forbids both): the colours come from
//! the `chart-*` classes in `static/app.css`, and lines differ by width and
//! dashes, the parts of a column by fill and hatching, so a chart printed in
//! black and white still reads.
//!
//! - [`line_chart`]: a measure over periods, one line per [`Series`] (the
//!   current period solid and thick, the previous one dashed, a target
//!   dotted); `None` is no data, a gap in the line, never a 0.
//! - [`bar_chart`]: horizontal bars, one per [`Bar`] in the caller's order (a
//!   ranking of centers), each a link when it has an `href` (a path on the
//!   site, a query, a fragment or an `http(s)` address; others are
//!   dropped), its value written at its end.
//! - [`stacked_bars`]: a column per period, one [`Stack`] per [`Part`]
//!   (early, on time, late), late on top and hatched.
//!
//! The drawing is 640 units wide (`viewBox`) and scales to its container's
//! width (`width="100%"`), its height fixed by what it holds. The title is in
//! the SVG's `<title>` (the page shows its own heading); `<desc>` sums the
//! data up in a sentence (the latest values, the highest and lowest bar),
//! and each point, bar or part carries a `<title>` a reader sees on hover.
//! The y axis runs from 0 to a round maximum (steps of 1, 2 or 5 times a
//! power of ten), 0–100 % for [`Scale::Percent`]. Nothing to draw gives a
//! chart saying "no data" (`charts-no-data`): no series value, no bar value,
//! no period or no stack (a column's zeros are counts, drawn as an empty
//! column on a 0–1 axis). Negative values are drawn as
//! 0, shares above 1 as 100 %; NaN and infinities count as no data.
//!
//! The ids inside a chart (title, description, hatching) start with an id
//! derived from everything the chart shows, so charts on one page do not
//! share them, and the same input gives the same string. Two identical
//! charts on a page would share ids, harmlessly: their definitions are the
//! same.

use std::fmt::Write as _;

use motcua_domain::i18n::Arg;
use motcua_domain::Locale;

/// A line of a [`line_chart`]: its legend text (localized by the caller),
/// one value per x label (`None`: no data there), and how it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub style: Style,
}

/// How a [`Series`] is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// The current period: solid and thick.
    Current,
    /// The same period a year (or a period) before: dashed.
    Previous,
    /// A target to reach: dotted.
    Target,
}

/// What the values measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Counts (of dossiers, of days): the axis runs from 0 to a round number.
    Count,
    /// Shares from 0.0 to 1.0: the axis runs from 0 to 100 %.
    Percent,
}

/// A bar of a [`bar_chart`]: its label, its value (`None`: no data, no bar,
/// "—"), and the page it leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: Option<f64>,
    pub href: Option<String>,
}

/// One part of the columns of [`stacked_bars`]: its legend text, its count in
/// each period (missing periods count 0), and which part it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Stack {
    pub label: String,
    pub values: Vec<u64>,
    pub style: Part,
}

/// The parts of a column, in the order they are stacked from the bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Early,
    OnTime,
    /// On top, hatched.
    Late,
}

/// The drawing's width, in `viewBox` units.
const W: f64 = 640.0;
/// The text size, in `viewBox` units.
const FONT: f64 = 12.0;
/// A character's average advance at [`FONT`], to lay texts out without
/// measuring them (a little generous, for Vietnamese diacritics and capitals).
const CHAR_W: f64 = 6.8;
/// The most x labels written under an axis; more are thinned out.
const MAX_X_LABELS: usize = 12;
/// The height of the plot area of line charts and columns.
const PLOT_H: f64 = 200.0;
/// The longest legend or x label, in characters, before it is cut with "…".
const MAX_LABEL: usize = 40;

/// Escapes a text for SVG (XML) content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A bar's link if it is one the page may carry: a path on this site, a
/// query or fragment, or an `http(s)` address; anything else (`javascript:`,
/// `data:`, `//host`) is dropped and the bar drawn without a link.
fn safe_href(href: Option<&str>) -> Option<&str> {
    let h = href?.trim();
    let lower = h.to_ascii_lowercase();
    let ok = (h.starts_with('/') && !h.starts_with("//") && !h.starts_with("/\\"))
        || h.starts_with('?')
        || h.starts_with('#')
        || lower.starts_with("https://")
        || lower.starts_with("http://");
    ok.then_some(h)
}

/// Writes into a `String`, which cannot fail.
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// A coordinate rounded to one decimal, without a useless `.0` or `-0`.
fn c(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".into()
    } else if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A coordinate rounded the way [`c`] writes it.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A value as drawn: no data stays none, negatives are 0, shares at most 1.
fn clean(v: Option<f64>, scale: Scale) -> Option<f64> {
    let v = v.filter(|v| v.is_finite())?.max(0.0);
    Some(match scale {
        Scale::Count => v,
        Scale::Percent => v.min(1.0),
    })
}

/// A value written for the reader: `1.048` or `7,5` for counts, `94,9 %`
/// for shares (in Vietnamese).
fn value_text(l: Locale, scale: Scale, v: f64) -> String {
    match scale {
        Scale::Percent => l.percent((v.clamp(0.0, 1.0) * 1000.0).round() as u64, 1000),
        Scale::Count if (v - v.round()).abs() < 1e-9 => l.number(v.round() as u64),
        Scale::Count => l.decimal(Some(v)),
    }
}

/// A tick of the y axis: whole counts, whole percents (`50 %`, `50%`).
fn tick_text(l: Locale, scale: Scale, t: f64) -> String {
    match scale {
        Scale::Percent => format!(
            "{}{}",
            l.number((t * 100.0).round() as u64),
            l.pick(" %", "%")
        ),
        Scale::Count => value_text(l, scale, t),
    }
}

/// A text cut to `max` characters with "…", and whether it was cut.
fn fit(s: &str, max: usize) -> (String, bool) {
    if s.chars().count() <= max {
        (s.to_string(), false)
    } else {
        let keep = max.saturating_sub(1).max(1);
        (s.chars().take(keep).collect::<String>() + "…", true)
    }
}

/// A text's estimated width.
fn text_w(s: &str) -> f64 {
    s.chars().count() as f64 * CHAR_W
}

/// The value axis: from 0 to `max` in steps of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    max: f64,
    step: f64,
}

impl Axis {
    /// A round axis holding `top`: about five steps of 1, 2 or 5 times a
    /// power of ten (whole steps for counts); 0–100 % by 20 for shares.
    fn new(scale: Scale, top: f64) -> Axis {
        if scale == Scale::Percent {
            return Axis {
                max: 1.0,
                step: 0.2,
            };
        }
        if top <= 0.0 || !top.is_finite() {
            return Axis {
                max: 1.0,
                step: 1.0,
            };
        }
        let raw = top / 5.0;
        let mag = 10f64.powf(raw.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * mag)
            .find(|s| *s >= raw * (1.0 - 1e-9))
            .unwrap_or(10.0 * mag)
            .max(1.0);
        let max = (top / step * (1.0 - 1e-12)).ceil().max(1.0) * step;
        Axis { max, step }
    }

    fn ticks(self) -> Vec<f64> {
        let n = (self.max / self.step).round() as usize;
        (0..=n).map(|i| i as f64 * self.step).collect()
    }
}

/// The plot area, inside the drawing.
#[derive(Debug, Clone, Copy)]
struct Plot {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Plot {
    fn width(self) -> f64 {
        self.x1 - self.x0
    }
    fn height(self) -> f64 {
        self.y1 - self.y0
    }
    /// The y of value `v` on `axis`.
    fn y(self, axis: Axis, v: f64) -> f64 {
        self.y1 - v.min(axis.max) / axis.max * self.height()
    }
    /// The centre of the `i`th of `n` bands across.
    fn band_x(self, i: usize, n: usize) -> f64 {
        self.x0 + self.width() * (i as f64 + 0.5) / n as f64
    }
}

/// FNV-1a over what a chart shows: the start of its ids.
struct Fnv(u64);

impl Fnv {
    fn new(kind: &str) -> Fnv {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.text(kind);
        h
    }
    fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 ^= u64::from(x);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn text(&mut self, s: &str) {
        self.bytes(&(s.len() as u64).to_le_bytes());
        self.bytes(s.as_bytes());
    }
    fn num(&mut self, v: Option<f64>) {
        match v {
            None => self.bytes(&[0]),
            Some(v) => {
                self.bytes(&[1]);
                self.bytes(&v.to_bits().to_le_bytes());
            }
        }
    }
    fn id(&self) -> String {
        format!("chart-{:08x}", (self.0 ^ (self.0 >> 32)) as u32)
    }
}

/// The opening of a chart: the `<svg>` element, its title and description.
fn open(out: &mut String, kind: &str, id: &str, h: f64, title: &str, desc: &str) {
    w!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" role="img" aria-labelledby="{id}-title {id}-desc" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMidYMid meet" font-size="{FONT}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        c(W),
        c(h),
        escape(title),
        escape(desc)
    );
}

/// A chart with nothing to draw: its frame and "no data".
fn no_data(l: Locale, kind: &str, id: &str, title: &str, h: f64) -> String {
    let text = l.t("charts-no-data");
    let mut out = String::new();
    open(&mut out, kind, id, h, title, text);
    w!(
        out,
        r#"<rect class="chart-frame" x="{}" y="{}" width="{}" height="{}" fill="none" stroke="currentColor"/><text class="chart-no-data" x="{}" y="{}" text-anchor="middle">{}</text></svg>"#,
        c(8.0),
        c(8.0),
        c(W - 16.0),
        c(h - 16.0),
        c(W / 2.0),
        c(h / 2.0 + FONT / 3.0),
        escape(text)
    );
    out
}

/// The y axis of a vertical chart: grid lines and ticks at the left.
fn y_grid(out: &mut String, l: Locale, scale: Scale, axis: Axis, p: Plot) {
    for t in axis.ticks() {
        let y = c(p.y(axis, t));
        w!(
            out,
            r#"<line class="chart-grid" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="currentColor" stroke-opacity=".2"/><text class="chart-tick" x="{}" y="{}" text-anchor="end">{}</text>"#,
            c(p.x0),
            c(p.x1),
            c(p.x0 - 6.0),
            c(p.y(axis, t) + FONT / 3.0),
            escape(&tick_text(l, scale, t))
        );
    }
}

/// The left margin that holds the widest tick.
fn tick_margin(l: Locale, scale: Scale, axis: Axis) -> f64 {
    let widest = axis
        .ticks()
        .iter()
        .map(|&t| text_w(&tick_text(l, scale, t)))
        .fold(0.0, f64::max);
    (widest + 12.0).max(36.0)
}

/// Every how many x labels one is written, so that they do not overlap: at
/// most [`MAX_X_LABELS`], and no closer than the widest (cut) label.
fn label_every(labels: &[String], n: usize, band: f64) -> usize {
    let widest = labels
        .iter()
        .map(|s| s.chars().count().min(16))
        .max()
        .unwrap_or(0) as f64
        * CHAR_W
        + 8.0;
    let by_count = n.div_ceil(MAX_X_LABELS);
    let by_width = (widest / band).ceil() as usize;
    by_count.max(by_width).max(1)
}

/// The x labels under a vertical chart, thinned out; a label cut short
/// carries its whole text as a tooltip.
fn x_labels_row(out: &mut String, labels: &[String], n: usize, p: Plot) -> usize {
    let band = p.width() / n as f64;
    let every = label_every(labels, n, band);
    let room = ((every as f64 * band - 6.0) / CHAR_W).floor().max(1.0) as usize;
    for (i, label) in labels.iter().enumerate().take(n) {
        if i % every != 0 {
            continue;
        }
        let (text, cut) = fit(label, room.min(MAX_LABEL));
        w!(
            out,
            r#"<text class="chart-xlabel" x="{}" y="{}" text-anchor="middle">"#,
            c(p.band_x(i, n)),
            c(p.y1 + FONT + 6.0)
        );
        if cut {
            w!(out, "<title>{}</title>", escape(label));
        }
        w!(out, "{}</text>", escape(&text));
    }
    every
}

/// Where each legend item goes: (x, row), items `gap` apart, wrapped to the
/// drawing's width.
fn legend_layout(widths: &[f64], x_start: f64) -> (Vec<(f64, usize)>, usize) {
    let x_end = W - 8.0;
    let (mut x, mut row) = (x_start, 0);
    let mut at = Vec::with_capacity(widths.len());
    for &w in widths {
        if x + w > x_end && x > x_start {
            row += 1;
            x = x_start;
        }
        at.push((x, row));
        x += w + 18.0;
    }
    let rows = if widths.is_empty() { 0 } else { row + 1 };
    (at, rows)
}

const LEGEND_ROW: f64 = 18.0;

impl Style {
    fn class(self) -> &'static str {
        match self {
            Style::Current => "chart-current",
            Style::Previous => "chart-previous",
            Style::Target => "chart-target",
        }
    }
    /// The line's presentation: width and dashes.
    fn stroke(self) -> &'static str {
        match self {
            Style::Current => r#"stroke-width="3""#,
            Style::Previous => r#"stroke-width="2" stroke-dasharray="8 5""#,
            Style::Target => r#"stroke-width="2" stroke-dasharray="1 5" stroke-linecap="round""#,
        }
    }
    fn radius(self) -> f64 {
        match self {
            Style::Current => 4.0,
            Style::Previous => 3.5,
            Style::Target => 2.5,
        }
    }
}

/// A line chart of `series` over the periods `x_labels` (each series' values
/// in the same order; a series longer than the labels adds unlabelled
/// periods). See the module's documentation.
pub fn line_chart(
    l: Locale,
    title: &str,
    x_labels: &[String],
    series: &[Series],
    scale: Scale,
) -> String {
    let n = series
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .max(x_labels.len());
    let values: Vec<Vec<Option<f64>>> = series
        .iter()
        .map(|s| {
            (0..n)
                .map(|i| clean(s.values.get(i).copied().flatten(), scale))
                .collect()
        })
        .collect();
    let mut h = Fnv::new("lines");
    h.text(title);
    h.bytes(&[scale as u8]);
    x_labels.iter().for_each(|x| h.text(x));
    for (s, v) in series.iter().zip(&values) {
        h.text(&s.label);
        h.bytes(&[s.style as u8]);
        v.iter().for_each(|v| h.num(*v));
    }
    let id = h.id();
    let base_h = 10.0 + PLOT_H + FONT + 28.0 + 14.0;
    if values.iter().flatten().all(Option::is_none) {
        return no_data(l, "lines", &id, title, base_h);
    }
    let top = values
        .iter()
        .flatten()
        .flatten()
        .fold(0.0, |a: f64, &b| a.max(b));
    let axis = Axis::new(scale, top);
    let x0 = tick_margin(l, scale, axis);
    let legend: Vec<(String, bool)> = series.iter().map(|s| fit(&s.label, MAX_LABEL)).collect();
    let (at, rows) = legend_layout(
        &legend
            .iter()
            .map(|(t, _)| 30.0 + text_w(t))
            .collect::<Vec<_>>(),
        x0,
    );
    let p = Plot {
        x0,
        x1: W - 12.0,
        y0: 10.0,
        y1: 10.0 + PLOT_H,
    };
    let legend_y = p.y1 + FONT + 28.0;
    let height = legend_y + rows.saturating_sub(1) as f64 * LEGEND_ROW + 14.0;
    let label_at = |i: usize| x_labels.get(i).map(String::as_str).unwrap_or("");
    let point_text = |s: &Series, i: usize, v: f64| {
        l.t_args(
            "charts-point",
            &[
                ("series", Arg::from(s.label.as_str())),
                ("at", Arg::from(label_at(i))),
                ("value", Arg::from(value_text(l, scale, v))),
            ],
        )
    };
    let desc: Vec<String> = series
        .iter()
        .zip(&values)
        .filter_map(|(s, v)| {
            let (i, v) = v
                .iter()
                .enumerate()
                .rev()
                .find_map(|(i, v)| Some((i, (*v)?)))?;
            Some(point_text(s, i, v))
        })
        .collect();

    let mut out = String::new();
    open(&mut out, "lines", &id, height, title, &desc.join("; "));
    y_grid(&mut out, l, scale, axis, p);
    x_labels_row(&mut out, x_labels, n, p);
    // The current period over the previous one over the target, whatever
    // the legend's order.
    let mut drawn: Vec<(&Series, &Vec<Option<f64>>)> = series.iter().zip(&values).collect();
    drawn.sort_by_key(|(s, _)| match s.style {
        Style::Target => 0,
        Style::Previous => 1,
        Style::Current => 2,
    });
    for (s, v) in drawn {
        let class = s.style.class();
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut lines = String::new();
        let mut flush = |run: &mut Vec<(f64, f64)>| {
            if run.len() > 1 {
                let points: Vec<String> = run
                    .iter()
                    .map(|(x, y)| format!("{},{}", c(*x), c(*y)))
                    .collect();
                w!(
                    lines,
                    r#"<polyline class="chart-line {class}" points="{}" fill="none" stroke="currentColor" stroke-linejoin="round" {}/>"#,
                    points.join(" "),
                    s.style.stroke()
                );
            }
            run.clear();
        };
        for (i, v) in v.iter().enumerate() {
            match v {
                Some(v) => run.push((p.band_x(i, n), p.y(axis, *v))),
                None => flush(&mut run),
            }
        }
        flush(&mut run);
        out.push_str(&lines);
        for (i, v) in v.iter().enumerate() {
            let Some(v) = *v else { continue };
            w!(
                out,
                r#"<circle class="chart-point {class}" cx="{}" cy="{}" r="{}"><title>{}</title></circle>"#,
                c(p.band_x(i, n)),
                c(p.y(axis, v)),
                c(s.style.radius()),
                escape(&point_text(s, i, v))
            );
        }
    }
    for ((s, (text, cut)), (x, row)) in series.iter().zip(&legend).zip(&at) {
        let y = legend_y + *row as f64 * LEGEND_ROW;
        w!(
            out,
            r#"<g class="chart-legend"><line class="chart-line {}" x1="{}" y1="{}" x2="{}" y2="{}" fill="none" stroke="currentColor" {}/><text x="{}" y="{}">"#,
            s.style.class(),
            c(*x),
            c(y),
            c(x + 24.0),
            c(y),
            s.style.stroke(),
            c(x + 30.0),
            c(y + FONT / 3.0)
        );
        if *cut {
            w!(out, "<title>{}</title>", escape(&s.label));
        }
        w!(out, "{}</text></g>", escape(text));
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one per [`Bar`] in the given order. See the module's
/// documentation.
pub fn bar_chart(l: Locale, title: &str, bars: &[Bar], scale: Scale) -> String {
    const ROW: f64 = 26.0;
    const BAR: f64 = 16.0;
    let values: Vec<Option<f64>> = bars.iter().map(|b| clean(b.value, scale)).collect();
    let mut h = Fnv::new("bars");
    h.text(title);
    h.bytes(&[scale as u8]);
    for (b, v) in bars.iter().zip(&values) {
        h.text(&b.label);
        h.num(*v);
        h.text(b.href.as_deref().unwrap_or(""));
    }
    let id = h.id();
    if values.iter().all(Option::is_none) {
        return no_data(l, "bars", &id, title, 8.0 + 3.0 * ROW + FONT + 16.0);
    }
    let top = values.iter().flatten().fold(0.0, |a: f64, &b| a.max(b));
    let axis = Axis::new(scale, top);
    let texts: Vec<String> = values
        .iter()
        .map(|v| v.map_or_else(|| l.decimal(None), |v| value_text(l, scale, v)))
        .collect();
    let label_room = 220.0;
    let labels: Vec<(String, bool)> = bars
        .iter()
        .map(|b| fit(&b.label, (label_room / CHAR_W) as usize))
        .collect();
    let label_w = labels
        .iter()
        .map(|(t, _)| text_w(t))
        .fold(0.0, f64::max)
        .min(label_room);
    let value_w = texts
        .iter()
        .map(|t| text_w(t))
        .fold(0.0, f64::max)
        .max(text_w(&tick_text(l, scale, axis.max)) / 2.0);
    let p = Plot {
        x0: 8.0 + label_w + 8.0,
        x1: W - 8.0 - value_w - 6.0,
        y0: 8.0,
        y1: 8.0 + bars.len() as f64 * ROW,
    };
    let height = p.y1 + FONT + 16.0;
    let x_of = |v: f64| p.x0 + v.min(axis.max) / axis.max * p.width();
    let said = |i: usize| format!("{} ({})", bars[i].label, texts[i]);
    let mut desc = String::new();
    let ranked: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| Some((i, (*v)?)))
        .collect();
    let high = ranked
        .iter()
        .fold(ranked[0], |a, b| if b.1 > a.1 { *b } else { a });
    let low = ranked
        .iter()
        .fold(ranked[0], |a, b| if b.1 < a.1 { *b } else { a });
    let named = |key: &'static str, i: usize| {
        l.t_args(
            key,
            &[
                ("label", Arg::from(bars[i].label.as_str())),
                ("value", Arg::from(texts[i].as_str())),
            ],
        )
    };
    desc.push_str(&named("charts-highest", high.0));
    if ranked.len() > 1 {
        desc.push_str("; ");
        desc.push_str(&named("charts-lowest", low.0));
    }

    let mut out = String::new();
    open(&mut out, "bars", &id, height, title, &desc);
    for t in axis.ticks() {
        let x = c(x_of(t));
        w!(
            out,
            r#"<line class="chart-grid" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="currentColor" stroke-opacity=".2"/><text class="chart-tick" x="{x}" y="{}" text-anchor="middle">{}</text>"#,
            c(p.y0),
            c(p.y1),
            c(p.y1 + FONT + 4.0),
            escape(&tick_text(l, scale, t))
        );
    }
    for (i, b) in bars.iter().enumerate() {
        let top = p.y0 + i as f64 * ROW + (ROW - BAR) / 2.0;
        let mid = top + BAR / 2.0 + FONT / 3.0;
        let href = safe_href(b.href.as_deref());
        if let Some(href) = href {
            w!(out, r#"<a href="{}">"#, escape(href));
        }
        w!(
            out,
            r#"<g class="chart-row"><title>{}</title><text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>"#,
            escape(&said(i)),
            c(p.x0 - 8.0),
            c(mid),
            escape(&labels[i].0)
        );
        let end = match values[i] {
            Some(v) => {
                w!(
                    out,
                    r#"<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"/>"#,
                    c(p.x0),
                    c(top),
                    c(x_of(v) - p.x0),
                    c(BAR)
                );
                x_of(v)
            }
            None => p.x0,
        };
        w!(
            out,
            r#"<text class="chart-value" x="{}" y="{}">{}</text></g>"#,
            c(end + 4.0),
            c(mid),
            escape(&texts[i])
        );
        if href.is_some() {
            out.push_str("</a>");
        }
    }
    w!(
        out,
        r#"<line class="chart-axis" x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="currentColor"/></svg>"#,
        c(p.y0),
        c(p.y1),
        x = c(p.x0)
    );
    out
}

impl Part {
    fn class(self) -> &'static str {
        match self {
            Part::Early => "chart-early",
            Part::OnTime => "chart-ontime",
            Part::Late => "chart-late",
        }
    }
    /// The fill: late is the chart's own hatching, the others their class's.
    fn fill(self, id: &str) -> String {
        match self {
            Part::Late => format!(r#" fill="url(#{id}-late)""#),
            Part::Early | Part::OnTime => String::new(),
        }
    }
}

/// Columns per period (`x_labels`), each stacked from the [`Stack`]s' counts
/// for it: early at the bottom, late on top. See the module's documentation.
pub fn stacked_bars(l: Locale, title: &str, x_labels: &[String], stacks: &[Stack]) -> String {
    let n = stacks
        .iter()
        .map(|s| s.values.len())
        .max()
        .unwrap_or(0)
        .max(x_labels.len());
    let mut order: Vec<&Stack> = stacks.iter().collect();
    order.sort_by_key(|s| s.style);
    let count = |s: &Stack, i: usize| s.values.get(i).copied().unwrap_or(0);
    let totals: Vec<u64> = (0..n)
        .map(|i| order.iter().map(|s| count(s, i)).sum())
        .collect();
    let mut h = Fnv::new("columns");
    h.text(title);
    x_labels.iter().for_each(|x| h.text(x));
    for s in &order {
        h.text(&s.label);
        h.bytes(&[s.style as u8]);
        (0..n).for_each(|i| h.bytes(&count(s, i).to_le_bytes()));
    }
    let id = h.id();
    let base_h = 10.0 + PLOT_H + FONT + 28.0 + 14.0;
    if n == 0 || stacks.is_empty() {
        return no_data(l, "columns", &id, title, base_h);
    }
    let top = totals.iter().copied().max().unwrap_or(0) as f64;
    let axis = Axis::new(Scale::Count, top);
    let x0 = tick_margin(l, Scale::Count, axis);
    let legend: Vec<(String, bool)> = order.iter().map(|s| fit(&s.label, MAX_LABEL)).collect();
    let (at, rows) = legend_layout(
        &legend
            .iter()
            .map(|(t, _)| 18.0 + text_w(t))
            .collect::<Vec<_>>(),
        x0,
    );
    let p = Plot {
        x0,
        x1: W - 12.0,
        y0: 10.0 + FONT,
        y1: 10.0 + FONT + PLOT_H,
    };
    let legend_y = p.y1 + FONT + 28.0;
    let height = legend_y + rows.saturating_sub(1) as f64 * LEGEND_ROW + 14.0;
    let label_at = |i: usize| x_labels.get(i).map(String::as_str).unwrap_or("");
    // "T12: Sớm hạn 3, Đúng hạn 5, Trễ hạn 1; tổng 9".
    let period = |i: usize| {
        let parts: Vec<String> = order
            .iter()
            .map(|s| format!("{} {}", s.label, l.number(count(s, i))))
            .collect();
        l.t_args(
            "charts-period",
            &[
                ("at", Arg::from(label_at(i))),
                ("parts", Arg::from(parts.join(", "))),
                ("total", Arg::from(l.number(totals[i]))),
            ],
        )
    };
    let desc = period(n - 1);

    let mut out = String::new();
    open(&mut out, "columns", &id, height, title, &desc);
    w!(
        out,
        r##"<defs><pattern id="{id}-late" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect class="chart-late-bg" width="6" height="6" fill="#fff"/><line class="chart-late-line" x1="0" y1="0" x2="0" y2="6" stroke="#000" stroke-width="3"/></pattern></defs>"##
    );
    y_grid(&mut out, l, Scale::Count, axis, p);
    let every = x_labels_row(&mut out, x_labels, n, p);
    let band = p.width() / n as f64;
    let col_w = (band * 0.6).min(48.0);
    for (i, &total) in totals.iter().enumerate() {
        let x = p.band_x(i, n) - col_w / 2.0;
        let mut cum = 0u64;
        let mut bottom = round1(p.y1);
        w!(
            out,
            r#"<g class="chart-column"><title>{}</title>"#,
            escape(&period(i))
        );
        for s in &order {
            let v = count(s, i);
            if v == 0 {
                continue;
            }
            cum += v;
            let top = round1(p.y(axis, cum as f64));
            w!(
                out,
                r#"<rect class="chart-part {}" x="{}" y="{}" width="{}" height="{}"{}><title>{}</title></rect>"#,
                s.style.class(),
                c(x),
                c(top),
                c(col_w),
                c(bottom - top),
                s.style.fill(&id),
                escape(&format!("{}, {}: {}", label_at(i), s.label, l.number(v)))
            );
            bottom = top;
        }
        if every == 1 && total > 0 {
            w!(
                out,
                r#"<text class="chart-total" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                c(p.band_x(i, n)),
                c(bottom - 4.0),
                l.number(total)
            );
        }
        out.push_str("</g>");
    }
    for ((s, (text, cut)), (x, row)) in order.iter().zip(&legend).zip(&at) {
        let y = legend_y + *row as f64 * LEGEND_ROW;
        w!(
            out,
            r#"<g class="chart-legend"><rect class="chart-part {}" x="{}" y="{}" width="12" height="12"{}/><text x="{}" y="{}">"#,
            s.style.class(),
            c(*x),
            c(y - 6.0),
            s.style.fill(&id),
            c(x + 18.0),
            c(y + FONT / 3.0)
        );
        if *cut {
            w!(out, "<title>{}</title>", escape(&s.label));
        }
        w!(out, "{}</text></g>", escape(text));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"))
    }

    fn has_class(n: &roxmltree::Node, class: &str) -> bool {
        n.attribute("class")
            .is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }

    fn all<'a, 'i>(d: &'a roxmltree::Document<'i>, class: &str) -> Vec<roxmltree::Node<'a, 'i>> {
        d.descendants().filter(|n| has_class(n, class)).collect()
    }

    fn num(n: &roxmltree::Node, attr: &str) -> f64 {
        n.attribute(attr)
            .unwrap_or_else(|| panic!("no {attr} on {n:?}"))
            .parse()
            .unwrap()
    }

    fn text_of(n: &roxmltree::Node) -> String {
        n.children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect()
    }

    fn tooltip(n: &roxmltree::Node) -> String {
        n.children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or_else(|| panic!("no tooltip on {n:?}"))
            .to_string()
    }

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn series(label: &str, values: &[Option<f64>], style: Style) -> Series {
        Series {
            label: label.into(),
            values: values.to_vec(),
            style,
        }
    }

    fn bar(label: &str, value: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            href: None,
        }
    }

    fn stack(label: &str, values: &[u64], style: Part) -> Stack {
        Stack {
            label: label.into(),
            values: values.to_vec(),
            style,
        }
    }

    fn weekly() -> String {
        stacked_bars(
            Locale::Vi,
            "Hồ sơ giải quyết theo tuần",
            &labels(&["T1", "T2"]),
            &[
                // Given late first: it is still drawn on top.
                stack("Trễ hạn", &[2, 1], Part::Late),
                stack("Sớm hạn", &[3, 1], Part::Early),
                stack("Đúng hạn", &[5, 3], Part::OnTime),
            ],
        )
    }

    #[test]
    fn a_chart_is_an_image_with_its_title_and_description() {
        let svg = line_chart(
            Locale::Vi,
            "Tỷ lệ đúng hạn",
            &labels(&["T1", "T2", "T3"]),
            &[series(
                "Năm nay",
                &[Some(0.9), Some(0.95), Some(0.949)],
                Style::Current,
            )],
            Scale::Percent,
        );
        let d = doc(&svg);
        let root = d.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("width"), Some("100%"));
        assert!(root.attribute("viewBox").unwrap().starts_with("0 0 640 "));
        let ids: Vec<&str> = root
            .attribute("aria-labelledby")
            .unwrap()
            .split(' ')
            .collect();
        let by_id = |id: &str| {
            d.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .unwrap()
        };
        assert_eq!(by_id(ids[0]).text(), Some("Tỷ lệ đúng hạn"));
        assert_eq!(by_id(ids[1]).text(), Some("Năm nay, T3: 94,9 %"));
        assert!(has_class(&root, "chart"));
    }

    #[test]
    fn a_bar_of_50_on_a_100_axis_is_half_the_plot_wide() {
        let svg = bar_chart(
            Locale::Vi,
            "Xếp hạng",
            &[bar("A", Some(100.0)), bar("B", Some(50.0)), bar("C", None)],
            Scale::Count,
        );
        let d = doc(&svg);
        let bars = all(&d, "chart-bar");
        assert_eq!(bars.len(), 2, "no bar for no data");
        let full = num(&bars[0], "width");
        assert!((num(&bars[1], "width") - full / 2.0).abs() < 0.1, "{svg}");
        // The axis ends at 100, where the longest bar ends: its last tick.
        let ticks: Vec<String> = all(&d, "chart-tick").iter().map(text_of).collect();
        assert_eq!(ticks.last().unwrap(), "100");
        let grid = all(&d, "chart-grid");
        let (first, last) = (grid.first().unwrap(), grid.last().unwrap());
        assert!((num(last, "x1") - num(first, "x1") - full).abs() < 0.1);
        assert!((num(&bars[0], "x") - num(first, "x1")).abs() < 0.1);
        // Values at the bars' ends, "—" for none; each row a tooltip.
        let values: Vec<String> = all(&d, "chart-value").iter().map(text_of).collect();
        assert_eq!(values, ["100", "50", "—"]);
        let b = &all(&d, "chart-value")[1];
        assert!((num(b, "x") - (num(&bars[1], "x") + num(&bars[1], "width") + 4.0)).abs() < 0.2);
        let rows: Vec<String> = all(&d, "chart-row").iter().map(tooltip).collect();
        assert_eq!(rows, ["A (100)", "B (50)", "C (—)"]);
        assert_eq!(
            d.descendants()
                .find(|n| n.has_tag_name("desc"))
                .unwrap()
                .text(),
            Some("Cao nhất: A (100); thấp nhất: B (50)")
        );
    }

    #[test]
    fn bars_with_a_link_are_links_and_percent_bars_run_to_100() {
        let svg = bar_chart(
            Locale::En,
            "Ranking",
            &[
                Bar {
                    label: "Center A".into(),
                    value: Some(0.5),
                    href: Some("/staff/centers/1?period=2026&x=1".into()),
                },
                bar("Center B", Some(0.25)),
            ],
            Scale::Percent,
        );
        let d = doc(&svg);
        let links: Vec<_> = d.descendants().filter(|n| n.has_tag_name("a")).collect();
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].attribute("href"),
            Some("/staff/centers/1?period=2026&x=1")
        );
        assert!(svg.contains("period=2026&amp;x=1"));
        assert!(has_class(
            &links[0].first_element_child().unwrap(),
            "chart-row"
        ));
        let bars = all(&d, "chart-bar");
        let grid = all(&d, "chart-grid");
        let plot = num(grid.last().unwrap(), "x1") - num(&grid[0], "x1");
        assert!((num(&bars[0], "width") - plot / 2.0).abs() < 0.1);
        assert!((num(&bars[1], "width") - plot / 4.0).abs() < 0.1);
        let ticks: Vec<String> = all(&d, "chart-tick").iter().map(text_of).collect();
        assert_eq!(ticks, ["0%", "20%", "40%", "60%", "80%", "100%"]);
        let values: Vec<String> = all(&d, "chart-value").iter().map(text_of).collect();
        assert_eq!(values, ["50.0%", "25.0%"]);
    }

    #[test]
    fn a_columns_parts_sum_to_its_total_and_late_sits_on_top() {
        let svg = weekly();
        let d = doc(&svg);
        let grid = all(&d, "chart-grid");
        // Totals 10 and 5: the axis ends at 10.
        assert_eq!(text_of(all(&d, "chart-tick").last().unwrap()), "10");
        let (y_top, y_base) = (num(grid.last().unwrap(), "y1"), num(&grid[0], "y1"));
        let plot_h = y_base - y_top;
        let columns = all(&d, "chart-column");
        assert_eq!(columns.len(), 2);
        for (col, total) in columns.iter().zip([10.0, 5.0]) {
            let parts: Vec<_> = col
                .children()
                .filter(|n| has_class(n, "chart-part"))
                .collect();
            assert_eq!(parts.len(), 3);
            let sum: f64 = parts.iter().map(|p| num(p, "height")).sum();
            assert!((sum - plot_h * total / 10.0).abs() < 0.15, "{sum} {svg}");
            // Bottom to top: early, on time, late, each on the one below.
            assert!(has_class(&parts[0], "chart-early"));
            assert!(has_class(&parts[1], "chart-ontime"));
            assert!(has_class(&parts[2], "chart-late"));
            assert!((num(&parts[0], "y") + num(&parts[0], "height") - y_base).abs() < 0.05);
            for w in parts.windows(2) {
                assert!((num(&w[1], "y") + num(&w[1], "height") - num(&w[0], "y")).abs() < 0.05);
            }
            let late_top = num(&parts[2], "y");
            assert!(parts.iter().all(|p| num(p, "y") >= late_top));
            assert!((late_top - (y_base - plot_h * total / 10.0)).abs() < 0.05);
        }
        let first: Vec<String> = columns[0]
            .children()
            .filter(|n| has_class(n, "chart-part"))
            .map(|n| tooltip(&n))
            .collect();
        assert_eq!(
            first,
            ["T1, Sớm hạn: 3", "T1, Đúng hạn: 5", "T1, Trễ hạn: 2"]
        );
        assert_eq!(
            d.descendants()
                .find(|n| n.has_tag_name("desc"))
                .unwrap()
                .text(),
            Some("T2: Sớm hạn 1, Đúng hạn 3, Trễ hạn 1; tổng 5")
        );
    }

    #[test]
    fn late_is_hatched_with_a_pattern_of_its_own_chart() {
        let a = weekly();
        let b = stacked_bars(
            Locale::Vi,
            "Tháng",
            &labels(&["T1"]),
            &[stack("Trễ hạn", &[1], Part::Late)],
        );
        let ids: Vec<String> = [&a, &b]
            .iter()
            .map(|svg| {
                let d = doc(svg);
                let pattern = d.descendants().find(|n| n.has_tag_name("pattern")).unwrap();
                let id = pattern.attribute("id").unwrap().to_string();
                let late = all(&d, "chart-late");
                assert!(!late.is_empty());
                for n in late {
                    assert_eq!(n.attribute("fill"), Some(format!("url(#{id})").as_str()));
                }
                // Early and on time are filled by their classes.
                for class in ["chart-early", "chart-ontime"] {
                    assert!(all(&d, class).iter().all(|n| n.attribute("fill").is_none()));
                }
                id
            })
            .collect();
        assert_ne!(ids[0], ids[1]);
        // The same input, the same string.
        assert_eq!(a, weekly());
    }

    #[test]
    fn no_data_breaks_the_line_and_is_never_zero() {
        let svg = line_chart(
            Locale::Vi,
            "Số hồ sơ",
            &labels(&["1", "2", "3", "4", "5"]),
            &[series(
                "Năm nay",
                &[Some(10.0), Some(20.0), None, Some(30.0), Some(40.0)],
                Style::Current,
            )],
            Scale::Count,
        );
        let d = doc(&svg);
        let lines = all(&d, "chart-line")
            .into_iter()
            .filter(|n| n.has_tag_name("polyline"))
            .collect::<Vec<_>>();
        assert_eq!(lines.len(), 2, "{svg}");
        let points = |n: &roxmltree::Node| -> Vec<(f64, f64)> {
            n.attribute("points")
                .unwrap()
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        };
        let (a, b) = (points(&lines[0]), points(&lines[1]));
        assert_eq!((a.len(), b.len()), (2, 2));
        // Axis 0–40 by 10: 30 is at three quarters of the plot's height.
        let grid = all(&d, "chart-grid");
        let (y_top, y_base) = (num(grid.last().unwrap(), "y1"), num(&grid[0], "y1"));
        let ticks: Vec<String> = all(&d, "chart-tick").iter().map(text_of).collect();
        assert_eq!(ticks, ["0", "10", "20", "30", "40"]);
        assert!((b[0].1 - (y_base - (y_base - y_top) * 0.75)).abs() < 0.1);
        assert!((b[1].1 - y_top).abs() < 0.1);
        assert!(a[1].0 < b[0].0);
        // Four points, none at the third period, each with a tooltip.
        let dots = all(&d, "chart-point");
        assert_eq!(dots.len(), 4);
        let tips: Vec<String> = dots.iter().map(tooltip).collect();
        assert_eq!(tips[2], "Năm nay, 4: 30");
        assert!(dots.iter().all(|n| num(n, "cy") < y_base));
    }

    #[test]
    fn a_single_point_is_a_dot_and_negatives_sit_at_zero() {
        let svg = line_chart(
            Locale::En,
            "Waiting",
            &labels(&["Mon", "Tue"]),
            &[
                series("This week", &[Some(1048.0)], Style::Current),
                series("Last week", &[None, Some(-5.0)], Style::Previous),
                series("Target", &[Some(f64::NAN), Some(500.0)], Style::Target),
            ],
            Scale::Count,
        );
        let d = doc(&svg);
        assert!(
            d.descendants().all(|n| !n.has_tag_name("polyline")),
            "{svg}"
        );
        let dots = all(&d, "chart-point");
        assert_eq!(dots.len(), 3);
        // Drawn last, so on top, though given first.
        assert!(has_class(dots.last().unwrap(), "chart-current"));
        let base = num(&all(&d, "chart-grid")[0], "y1");
        let last_week = all(&d, "chart-previous")
            .into_iter()
            .find(|n| n.has_tag_name("circle"))
            .unwrap();
        assert_eq!(num(&last_week, "cy"), base);
        // 0–1,500 by 500, in English digits.
        let ticks: Vec<String> = all(&d, "chart-tick").iter().map(text_of).collect();
        assert_eq!(ticks, ["0", "500", "1,000", "1,500"]);
        // One legend item per series, drawn in its style.
        let legend = all(&d, "chart-legend");
        assert_eq!(legend.len(), 3);
        let sample = legend[1].first_element_child().unwrap();
        assert!(has_class(&sample, "chart-previous"));
        assert!(sample.attribute("stroke-dasharray").is_some());
        assert_eq!(
            d.descendants()
                .find(|n| n.has_tag_name("desc"))
                .unwrap()
                .text(),
            Some("This week, Mon: 1,048; Last week, Tue: 0; Target, Tue: 500")
        );
    }

    #[test]
    fn ticks_read_the_vietnamese_way() {
        let svg = line_chart(
            Locale::Vi,
            "Số hồ sơ",
            &labels(&["T1", "T2"]),
            &[series(
                "Năm nay",
                &[Some(800.0), Some(1000.0)],
                Style::Current,
            )],
            Scale::Count,
        );
        let d = doc(&svg);
        let ticks: Vec<String> = all(&d, "chart-tick").iter().map(text_of).collect();
        assert_eq!(ticks, ["0", "200", "400", "600", "800", "1.000"]);
        let svg = line_chart(
            Locale::Vi,
            "Tỷ lệ",
            &labels(&["T1"]),
            &[series("Năm nay", &[Some(0.5)], Style::Current)],
            Scale::Percent,
        );
        let d = doc(&svg);
        let ticks: Vec<String> = all(&d, "chart-tick").iter().map(text_of).collect();
        assert_eq!(ticks, ["0 %", "20 %", "40 %", "60 %", "80 %", "100 %"]);
        assert_eq!(tooltip(&all(&d, "chart-point")[0]), "Năm nay, T1: 50,0 %");
    }

    #[test]
    fn texts_are_escaped() {
        let evil = "<script>alert('x')</script> & \"co\"";
        let svg = line_chart(
            Locale::Vi,
            evil,
            &labels(&[evil]),
            &[series(evil, &[Some(1.0)], Style::Current)],
            Scale::Count,
        );
        let bars = bar_chart(
            Locale::Vi,
            evil,
            &[Bar {
                label: evil.into(),
                value: Some(1.0),
                href: Some(format!("/x?a={evil}")),
            }],
            Scale::Count,
        );
        let stacked = stacked_bars(
            Locale::Vi,
            evil,
            &labels(&[evil]),
            &[stack(evil, &[1], Part::Late)],
        );
        for svg in [&svg, &bars, &stacked] {
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("& "), "{svg}");
            let d = doc(svg);
            assert!(d.descendants().all(|n| !n.has_tag_name("script")));
            let title = d.root_element().first_element_child().unwrap();
            assert_eq!(title.text(), Some(evil));
        }
        let d = doc(&bars);
        let a = d.descendants().find(|n| n.has_tag_name("a")).unwrap();
        assert_eq!(a.attribute("href"), Some(format!("/x?a={evil}").as_str()));
        assert_eq!(escape("a&b<c>'\""), "a&amp;b&lt;c&gt;&#39;&quot;");
        let links = |href: &str| {
            let svg = bar_chart(
                Locale::Vi,
                "L",
                &[Bar {
                    label: "A".into(),
                    value: Some(1.0),
                    href: Some(href.into()),
                }],
                Scale::Count,
            );
            doc(&svg)
                .descendants()
                .filter(|n| n.has_tag_name("a"))
                .count()
        };
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "data:text/html,x",
            "//evil.example",
            "/\\evil",
        ] {
            assert_eq!(links(bad), 0, "{bad}");
        }
        for good in [
            "/staff/centers/3",
            "?center=3",
            "#c3",
            "https://motcua.example.gov.vn/x",
        ] {
            assert_eq!(links(good), 1, "{good}");
        }
    }

    #[test]
    fn nothing_to_draw_says_no_data() {
        let none = [series("Năm nay", &[None, None], Style::Current)];
        let charts = [
            line_chart(Locale::Vi, "A", &labels(&["T1", "T2"]), &none, Scale::Count),
            line_chart(Locale::Vi, "A", &[], &[], Scale::Percent),
            bar_chart(Locale::Vi, "B", &[], Scale::Count),
            bar_chart(Locale::Vi, "B", &[bar("X", None)], Scale::Percent),
            stacked_bars(Locale::Vi, "C", &[], &[]),
            stacked_bars(Locale::Vi, "C", &labels(&["T1"]), &[]),
        ];
        for svg in &charts {
            let d = doc(svg);
            let text = all(&d, "chart-no-data");
            assert_eq!(text.len(), 1, "{svg}");
            assert_eq!(text_of(&text[0]), "Không có số liệu");
            assert!(Locale::Vi.t("charts-no-data") != "charts-no-data");
            for tag in ["polyline", "circle", "pattern"] {
                assert!(d.descendants().all(|n| !n.has_tag_name(tag)), "{svg}");
            }
            assert!(all(&d, "chart-bar").is_empty() && all(&d, "chart-part").is_empty());
        }
        let en = bar_chart(Locale::En, "B", &[], Scale::Count);
        assert!(en.contains(">No data</text>"));
    }

    #[test]
    fn many_x_labels_are_thinned_out() {
        let weeks: Vec<String> = (1..=30).map(|i| format!("Tuần {i}")).collect();
        let svg = line_chart(
            Locale::Vi,
            "Theo tuần",
            &weeks,
            &[series(
                "Năm nay",
                &(1..=30).map(|i| Some(i as f64)).collect::<Vec<_>>(),
                Style::Current,
            )],
            Scale::Count,
        );
        let d = doc(&svg);
        let shown = all(&d, "chart-xlabel");
        assert!(
            shown.len() <= MAX_X_LABELS && shown.len() >= 5,
            "{}",
            shown.len()
        );
        assert_eq!(text_of(&shown[0]), "Tuần 1");
        // They do not overlap: centres further apart than the texts are wide.
        for w in shown.windows(2) {
            let gap = num(&w[1], "x") - num(&w[0], "x");
            assert!(gap > text_w(&text_of(&w[0])), "{gap}");
        }
        // Every point is still drawn.
        assert_eq!(all(&d, "chart-point").len(), 30);
        let few = line_chart(
            Locale::Vi,
            "Theo tháng",
            &labels(&["T1", "T2", "T3"]),
            &[series("Năm nay", &[Some(1.0); 3], Style::Current)],
            Scale::Count,
        );
        assert_eq!(all(&doc(&few), "chart-xlabel").len(), 3);
        // Columns thinned the same way lose their totals, which would crowd.
        let stacked = stacked_bars(
            Locale::Vi,
            "Theo tuần",
            &weeks,
            &[stack("Sớm hạn", &[1; 30], Part::Early)],
        );
        let d = doc(&stacked);
        assert!(all(&d, "chart-xlabel").len() <= MAX_X_LABELS);
        assert!(all(&d, "chart-total").is_empty());
    }

    #[test]
    fn the_axis_is_round() {
        let axis = |top| {
            let a = Axis::new(Scale::Count, top);
            (a.max, a.step)
        };
        assert_eq!(axis(7.0), (8.0, 2.0));
        assert_eq!(axis(100.0), (100.0, 20.0));
        assert_eq!(axis(101.0), (150.0, 50.0));
        assert_eq!(axis(1048.0), (1500.0, 500.0));
        assert_eq!(axis(3.0), (3.0, 1.0));
        assert_eq!(axis(0.4), (1.0, 1.0));
        assert_eq!(axis(0.0), (1.0, 1.0));
        assert_eq!(axis(1000.0), (1000.0, 200.0));
        let p = Axis::new(Scale::Percent, 0.3);
        assert_eq!(p.ticks().len(), 6);
        assert_eq!(c(12.345), "12.3");
        assert_eq!(c(-0.01), "0");
        assert_eq!(c(40.0), "40");
    }
}
