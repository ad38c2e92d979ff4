//! The proof of delivery the simulator attaches: a receiver's "signature", a
//! scribble in ink on white, as a PNG.

use image::codecs::png::PngEncoder;
use image::{ExtendedColorType, ImageEncoder, Rgb, RgbImage};
use rand::Rng;

pub(crate) const WIDTH: u32 = 200;
pub(crate) const HEIGHT: u32 = 80;

/// A scribble of a few loops and an underline, different on every call.
pub(crate) fn signature_png(rng: &mut impl Rng) -> Vec<u8> {
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([255, 255, 255]));
    let ink = Rgb([20, 40, 120]);
    let loops = rng.random_range(3.0..6.0_f64);
    let phase = rng.random_range(0.0..std::f64::consts::TAU);
    let height = rng.random_range(14.0..22.0_f64);
    let slant = rng.random_range(-0.3..0.3_f64);
    // The name: loops travelling right, their height fading in and out.
    let steps = 1200;
    for i in 0..=steps {
        let t = f64::from(i) / f64::from(steps);
        let swell = (std::f64::consts::PI * t).sin();
        let a = std::f64::consts::TAU * loops * t + phase;
        let y = 38.0 + height * swell * a.sin();
        let x = 18.0 + 160.0 * t + 9.0 * a.cos() + slant * (y - 38.0);
        dot(&mut img, x, y, ink);
    }
    // The flourish under it.
    let (x0, x1) = (
        rng.random_range(12.0..30.0_f64),
        rng.random_range(160.0..190.0_f64),
    );
    for i in 0..=400 {
        let t = f64::from(i) / 400.0;
        let x = x0 + (x1 - x0) * t;
        let y = 64.0 + 4.0 * (std::f64::consts::PI * t).sin() - 3.0 * t;
        dot(&mut img, x, y, ink);
    }
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(img.as_raw(), WIDTH, HEIGHT, ExtendedColorType::Rgb8)
        .expect("a PNG of a whole in-memory image encodes");
    png
}

/// A pen dot 2 pixels wide, clipped to the picture.
fn dot(img: &mut RgbImage, x: f64, y: f64, ink: Rgb<u8>) {
    for dx in 0..2 {
        for dy in 0..2 {
            let (px, py) = (x.round() as i64 + dx, y.round() as i64 + dy);
            if (0..i64::from(WIDTH)).contains(&px) && (0..i64::from(HEIGHT)).contains(&py) {
                img.put_pixel(px as u32, py as u32, ink);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proof_is_a_png_with_ink() {
        let png = signature_png(&mut rand::rng());
        let img = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .unwrap()
            .to_rgb8();
        assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
        let inked = img.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        assert!(inked > 300, "{inked} pixels of ink");
    }
}
