//! The register book of copies certified from originals (sổ chứng thực bản
//! sao từ bản chính) of a center for a period: one line per number, in
//! register order, with the columns of the legal book. It names applicants
//! as the center's other registers do (names only: no identity numbers,
//! phones or addresses).

use axum::response::Response;
use motcua_calendar::from_timestamp;
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use motcua_store::{Center, CenterId, CertificationRecord};

use super::render::{Block, Form, Paper};
use super::Period;
use crate::auth::Principal;
use crate::{AppState, WebError};

/// The most lines one book prints; a longer period is asked in parts.
const MAX_LINES: i64 = 5000;

/// The book as a form: header, title, period, the table, the signature.
pub fn book(
    center: &Center,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    lines: &[CertificationRecord],
) -> Form {
    let day = |d: jiff::civil::Date| format!("{:02}/{:02}/{}", d.day(), d.month(), d.year());
    let rows = lines
        .iter()
        .map(|c| {
            let t = from_timestamp(c.at);
            let mut note = c.dossier_code.to_string();
            if c.copy_blob.is_some() {
                note.push_str("\nBản sao điện tử");
            }
            vec![
                format!("{}\n{}", c.register.number, c.register.book()),
                format!("{:02}:{:02}\n{}", t.hour(), t.minute(), day(t.date())),
                c.applicant_name.clone(),
                c.document.clone(),
                format!("{} bản\n{} trang", c.copies, c.pages),
                format!("{}\n{}", c.certifier_name, c.certifier_title),
                Locale::Vi.number(c.fee.0.unsigned_abs()),
                note,
            ]
        })
        .collect();
    let total: i64 = lines.iter().map(|c| c.fee.0).sum();
    let copies: u64 = lines.iter().map(|c| u64::from(c.copies)).sum();
    Form {
        title: format!(
            "Sổ chứng thực bản sao từ bản chính {} - {}",
            day(from),
            day(to)
        ),
        paper: Paper::A4Landscape,
        blocks: vec![
            Block::Header {
                agency: center.name.clone(),
                place_date: String::new(),
            },
            Block::Title("SỔ CHỨNG THỰC BẢN SAO TỪ BẢN CHÍNH".into()),
            Block::Centered(format!("Từ ngày {} đến ngày {}", day(from), day(to))),
            Block::Table {
                headers: vec![
                    "Số chứng thực".into(),
                    "Thời điểm chứng thực".into(),
                    "Họ tên người yêu cầu chứng thực".into(),
                    "Tên bản chính giấy tờ, văn bản".into(),
                    "Số bản sao, số trang".into(),
                    "Người ký chứng thực".into(),
                    "Lệ phí (đồng)".into(),
                    "Ghi chú".into(),
                ],
                widths: vec![1.3, 1.2, 2.0, 2.6, 1.0, 2.0, 1.0, 2.2],
                rows,
            },
            Block::Paragraph(format!(
                "Tổng cộng: {} lượt chứng thực, {} bản sao, lệ phí {} đồng.",
                Locale::Vi.number(lines.len() as u64),
                Locale::Vi.number(copies),
                Locale::Vi.number(total.unsigned_abs()),
            )),
            Block::Signatures(vec![
                ("Người lập sổ".into(), String::new()),
                ("Thủ trưởng cơ quan".into(), String::new()),
            ]),
        ],
    }
}

/// The book of center `id` for `period`, as PDF, for those posted there and
/// those who oversee every center.
pub async fn certification_register(
    state: &AppState,
    p: &Principal,
    id: CenterId,
    period: &Period,
) -> Result<Response, WebError> {
    if !p.sees_everything() && !p.postings.iter().any(|x| x.center_id == id) {
        return Err(WebError::NotFound);
    }
    let center = state.store.center(id).await?.ok_or(WebError::NotFound)?;
    let (start, end) = period.bounds()?;
    let lines = state
        .store
        .certification_register(id, start, end, MAX_LINES + 1)
        .await?;
    if lines.len() as i64 > MAX_LINES {
        return Err(WebError::invalid(
            "from",
            Message::new("certify-register-too-long").with("max", MAX_LINES),
        ));
    }
    super::pdf(book(&center, period.from, period.to, &lines)).await
}
