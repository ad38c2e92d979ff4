//! Column charts for the PDFs, drawn with the PDF's own rectangles and
//! lines (no SVG): grouped columns (this period beside the one before) or
//! stacked ones (early, on time, late). Grey-scale friendly: each series
//! a different grey, the darkest also hatched. The value axis runs from 0
//! in round steps; ticks and labels are written the reader's way
//! (`1.048`); the day labels are thinned so they never overlap, and
//! clipped with `…` when one alone is too wide.
//!
//! The layout is pure ([`Axis`], [`columns`], [`label_every`], [`fit`]) and
//! tested on its own; [`draw`] only paints what it computed.

use motcua_domain::Locale;
use printpdf::path::PaintMode;
use printpdf::{Color, Greyscale, Line, Mm, Point, Rect};

use super::render::{text_width, Pen, MARGIN, PT_TO_MM};

/// How a series is painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shade {
    Light,
    Mid,
    Dark,
    /// Dark grey with black diagonal hatching: the one to notice (late).
    Hatched,
}

impl Shade {
    fn grey(self) -> f32 {
        match self {
            Shade::Light => 0.82,
            Shade::Mid => 0.55,
            Shade::Dark => 0.25,
            Shade::Hatched => 0.45,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// One value per label.
    pub values: Vec<u64>,
    pub shade: Shade,
}

/// A column chart: a value per label and series, side by side or stacked.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    pub title: String,
    /// What the value axis counts (`Số hồ sơ`), written above it.
    pub unit: String,
    pub labels: Vec<String>,
    pub series: Vec<Series>,
    pub stacked: bool,
    /// How the numbers are written.
    pub locale: Locale,
}

impl Bars {
    /// The tallest column: the largest value, or the largest sum when stacked.
    pub fn top(&self) -> u64 {
        (0..self.labels.len())
            .map(|i| {
                let of = self
                    .series
                    .iter()
                    .map(|s| s.values.get(i).copied().unwrap_or(0));
                if self.stacked {
                    of.sum()
                } else {
                    of.max().unwrap_or(0)
                }
            })
            .max()
            .unwrap_or(0)
    }
}

/// The value axis: 0 to `max` in steps of `step`, both round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub max: u64,
    pub step: u64,
}

impl Axis {
    /// The smallest axis holding `top` in at most five steps of 1, 2 or 5
    /// times a power of ten.
    pub fn holding(top: u64) -> Axis {
        if top == 0 {
            return Axis { max: 1, step: 1 };
        }
        let mut power = 1u64;
        loop {
            for m in [1, 2, 5] {
                let step = m * power;
                if step.saturating_mul(5) >= top {
                    return Axis {
                        max: top.div_ceil(step) * step,
                        step,
                    };
                }
            }
            power = power.saturating_mul(10);
        }
    }

    pub fn ticks(self) -> Vec<u64> {
        (0..=self.max / self.step).map(|i| i * self.step).collect()
    }

    /// How tall `value` stands on a plot `height` millimetres tall.
    pub fn height(self, value: u64, height: f32) -> f32 {
        value.min(self.max) as f32 / self.max as f32 * height
    }
}

/// A painted rectangle: lower left corner, width, height (millimetres).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub shade: Shade,
}

/// The columns of a chart on a plot whose lower left corner is (`x0`,
/// `y0`), `width` by `height`: a band per label, the series side by side
/// (or stacked) in its middle. Zero values paint nothing.
pub fn columns(bars: &Bars, axis: Axis, x0: f32, y0: f32, width: f32, height: f32) -> Vec<Column> {
    let n = bars.labels.len().max(1);
    let band = width / n as f32;
    let mut out = Vec::new();
    for i in 0..bars.labels.len() {
        let left = x0 + band * i as f32;
        if bars.stacked {
            let w = band * 0.6;
            let mut y = y0;
            for s in &bars.series {
                let h = axis.height(s.values.get(i).copied().unwrap_or(0), height);
                if h > 0.0 {
                    out.push(Column {
                        x: left + band * 0.2,
                        y,
                        w,
                        h,
                        shade: s.shade,
                    });
                }
                y += h;
            }
        } else {
            let w = band * 0.8 / bars.series.len().max(1) as f32;
            for (k, s) in bars.series.iter().enumerate() {
                let h = axis.height(s.values.get(i).copied().unwrap_or(0), height);
                if h > 0.0 {
                    out.push(Column {
                        x: left + band * 0.1 + w * k as f32,
                        y: y0,
                        w,
                        h,
                        shade: s.shade,
                    });
                }
            }
        }
    }
    out
}

/// Every how many labels one is written, so that each has `need`
/// millimetres where a band is `band` wide.
pub fn label_every(band: f32, need: f32) -> usize {
    if band <= 0.0 {
        return 1;
    }
    ((need / band).ceil() as usize).max(1)
}

/// The text cut to `width` millimetres at `size` points, `…` marking the cut.
pub fn fit(text: &str, size: f32, width: f32) -> String {
    if text_width(text, size) <= width {
        return text.to_string();
    }
    let mut out: String = text.chars().collect();
    while !out.is_empty() && text_width(&format!("{out}…"), size) > width {
        out.pop();
    }
    format!("{}…", out.trim_end())
}

/// The height a chart takes on the page.
pub(super) const HEIGHT: f32 = 78.0;
const PLOT: f32 = 50.0;

fn grey(g: f32) -> Color {
    Color::Greyscale(Greyscale::new(g, None))
}

fn segment(pen: &Pen<'_>, x1: f32, y1: f32, x2: f32, y2: f32) {
    pen.layer.add_line(Line {
        points: vec![
            (Point::new(Mm(x1), Mm(y1)), false),
            (Point::new(Mm(x2), Mm(y2)), false),
        ],
        is_closed: false,
    });
}

fn write(pen: &Pen<'_>, text: &str, size: f32, x: f32, y: f32, bold: bool) {
    let font = if bold { &pen.bold } else { &pen.regular };
    pen.layer.use_text(text, size, Mm(x), Mm(y), font);
}

/// A rectangle in its shade, outlined; hatched ones get diagonal lines
/// clipped to the rectangle.
fn paint(pen: &Pen<'_>, c: &Column) {
    let rect = Rect::new(Mm(c.x), Mm(c.y), Mm(c.x + c.w), Mm(c.y + c.h));
    pen.layer.set_fill_color(grey(c.shade.grey()));
    pen.layer.add_rect(rect.with_mode(PaintMode::FillStroke));
    if c.shade == Shade::Hatched {
        pen.layer.save_graphics_state();
        pen.layer.add_rect(rect.with_mode(PaintMode::Clip));
        let mut d = -c.h;
        while d < c.w {
            segment(pen, c.x + d, c.y, c.x + d + c.h, c.y + c.h);
            d += 1.2;
        }
        pen.layer.restore_graphics_state();
    }
}

/// Draws the chart where the pen is (on a new page if it does not fit):
/// the title, the round ticks with light grid lines, the columns, the
/// thinned labels under them and the legend.
pub(super) fn draw(pen: &mut Pen<'_>, bars: &Bars, base: f32) {
    pen.ensure(HEIGHT);
    let l = bars.locale;
    let inner = pen.width - 2.0 * MARGIN;
    let small = base - 2.5;
    let title_y = pen.y;
    pen.centered(&bars.title, base, pen.width / 2.0, true);
    let axis = Axis::holding(bars.top());
    let ticks = axis.ticks();
    let tick_w = ticks
        .iter()
        .map(|t| text_width(&l.number(*t), small))
        .fold(text_width(&bars.unit, small) / 2.0, f32::max);
    let x0 = MARGIN + tick_w + 2.0;
    let width = MARGIN + inner - x0;
    let y0 = title_y - 10.0 - PLOT;
    // The unit above the axis, the ticks and their grid lines.
    write(pen, &bars.unit, small, MARGIN, y0 + PLOT + 3.0, false);
    pen.layer.set_outline_thickness(0.15);
    for t in &ticks {
        let y = y0 + axis.height(*t, PLOT);
        let text = l.number(*t);
        write(
            pen,
            &text,
            small,
            x0 - 1.5 - text_width(&text, small) * 0.92,
            y - small * PT_TO_MM / 3.0,
            false,
        );
        pen.layer.set_outline_color(grey(0.75));
        segment(pen, x0, y, x0 + width, y);
    }
    pen.layer.set_outline_color(grey(0.0));
    for c in columns(bars, axis, x0, y0, width, PLOT) {
        paint(pen, &c);
    }
    pen.layer.set_fill_color(grey(0.0));
    pen.layer.set_outline_thickness(0.3);
    segment(pen, x0, y0, x0 + width, y0);
    segment(pen, x0, y0, x0, y0 + PLOT);
    // The labels, as many as fit.
    let n = bars.labels.len().max(1);
    let band = width / n as f32;
    let widest = bars
        .labels
        .iter()
        .map(|s| text_width(s, small))
        .fold(0.0, f32::max)
        .min(30.0);
    let every = label_every(band, widest + 1.5);
    let room = band * every as f32 - 1.0;
    let label_y = y0 - 4.0;
    for (i, label) in bars.labels.iter().enumerate().step_by(every) {
        let text = fit(label, small, room);
        let center = x0 + band * (i as f32 + 0.5);
        segment(pen, center, y0, center, y0 - 1.0);
        write(
            pen,
            &text,
            small,
            center - text_width(&text, small) * 0.46,
            label_y,
            false,
        );
    }
    // The legend: a swatch and a name for each series.
    let mut x = x0;
    let legend_y = label_y - 7.0;
    pen.layer.set_outline_thickness(0.15);
    for s in &bars.series {
        paint(
            pen,
            &Column {
                x,
                y: legend_y - 0.3,
                w: 5.0,
                h: 2.8,
                shade: s.shade,
            },
        );
        pen.layer.set_fill_color(grey(0.0));
        write(pen, &s.label, small, x + 6.5, legend_y, false);
        x += 6.5 + text_width(&s.label, small) + 6.0;
    }
    pen.layer.set_outline_thickness(0.3);
    pen.y = title_y - HEIGHT;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars(stacked: bool, series: &[&[u64]]) -> Bars {
        Bars {
            title: "Hồ sơ tiếp nhận".into(),
            unit: "Số hồ sơ".into(),
            labels: (1..=series[0].len())
                .map(|d| format!("{d:02}/11"))
                .collect(),
            series: series
                .iter()
                .map(|v| Series {
                    label: "x".into(),
                    values: v.to_vec(),
                    shade: Shade::Mid,
                })
                .collect(),
            stacked,
            locale: Locale::Vi,
        }
    }

    #[test]
    fn the_axis_is_round_and_holds_the_top() {
        assert_eq!(Axis::holding(0), Axis { max: 1, step: 1 });
        assert_eq!(Axis::holding(4), Axis { max: 4, step: 1 });
        assert_eq!(Axis::holding(7), Axis { max: 8, step: 2 });
        assert_eq!(Axis::holding(10), Axis { max: 10, step: 2 });
        assert_eq!(Axis::holding(23), Axis { max: 25, step: 5 });
        assert_eq!(
            Axis::holding(1048),
            Axis {
                max: 1500,
                step: 500
            }
        );
        assert_eq!(Axis::holding(880).ticks(), [0, 200, 400, 600, 800, 1000]);
        for top in 1..5000 {
            let a = Axis::holding(top);
            assert!(a.max >= top && a.max.is_multiple_of(a.step), "{top}: {a:?}");
            assert!(a.ticks().len() <= 6, "{top}: {a:?}");
            let lead = a.step / 10u64.pow(a.step.ilog10());
            assert!([1, 2, 5].contains(&lead) && a.step.is_multiple_of(10u64.pow(a.step.ilog10())));
        }
        let ticks: Vec<String> = Axis::holding(1048)
            .ticks()
            .iter()
            .map(|t| Locale::Vi.number(*t))
            .collect();
        assert_eq!(ticks, ["0", "500", "1.000", "1.500"]);
    }

    #[test]
    fn columns_stand_in_proportion() {
        let b = bars(false, &[&[2, 4, 0], &[1, 3, 8]]);
        let axis = Axis::holding(b.top());
        assert_eq!(axis, Axis { max: 8, step: 2 });
        let cols = columns(&b, axis, 10.0, 20.0, 90.0, 40.0);
        assert_eq!(cols.len(), 5, "the zero paints nothing");
        let heights: Vec<f32> = cols.iter().map(|c| c.h).collect();
        assert_eq!(heights, [10.0, 5.0, 20.0, 15.0, 40.0]);
        assert!(cols.iter().all(|c| c.y == 20.0));
        // Side by side within their band of 30 mm, never past it.
        assert!(cols[0].x >= 10.0 && cols[1].x + cols[1].w <= 40.0);
        assert!(cols[1].x >= cols[0].x + cols[0].w - 1e-4);
        assert!(cols[4].x + cols[4].w <= 100.0);
    }

    #[test]
    fn stacked_columns_sit_on_each_other() {
        let b = bars(true, &[&[1, 0], &[2, 1], &[1, 0]]);
        let axis = Axis::holding(b.top());
        assert_eq!(axis.max, 4);
        let cols = columns(&b, axis, 0.0, 0.0, 40.0, 40.0);
        let first: Vec<(f32, f32)> = cols.iter().take(3).map(|c| (c.y, c.h)).collect();
        assert_eq!(first, [(0.0, 10.0), (10.0, 20.0), (30.0, 10.0)]);
        assert_eq!(cols[3].h, 10.0);
        assert_eq!(cols[3].y, 0.0, "an empty part below leaves no gap");
    }

    #[test]
    fn labels_thin_and_clip() {
        assert_eq!(label_every(5.6, 7.0), 2);
        assert_eq!(label_every(20.0, 7.0), 1);
        assert_eq!(label_every(1.0, 7.0), 7);
        let cut = fit(
            "Trung tâm Phục vụ hành chính công phường Ninh Kiều",
            7.0,
            30.0,
        );
        assert!(cut.ends_with('…') && text_width(&cut, 7.0) <= 30.0, "{cut}");
        assert_eq!(fit("24/11", 7.0, 30.0), "24/11");
    }
}
