//! The papers of dossiers the post carries (Circular 17/2017/TT-BTTTT Art. 5):
//! the slip of a postal intake (the list of originals and copies both sides
//! sign, the seal, the receipt for the fees and the postage), and the
//! hand-over record of a manifest (each dossier, its documents, fees and
//! tally, signed by the two ends).

use axum::response::Response;
use motcua_calendar::from_timestamp;
use motcua_domain::dossier::lifecycle::Action;
use motcua_domain::Locale;
use motcua_store::{Center, DossierRecord, Event, Manifest, ManifestId};

use super::builders::{place_date, when};
use super::render::{Block, Form, Paper};
use crate::auth::Principal;
use crate::{AppState, WebError};

fn dong(v: i64) -> String {
    format!("{} đồng", Locale::Vi.number(v.unsigned_abs()))
}

/// The slip of a postal intake, from its first event; `None` for a dossier
/// that did not come by post.
pub fn postal_slip(
    center: &Center,
    d: &DossierRecord,
    a: &crate::privacy::ShownApplicant,
    first: &Event,
    employee: &str,
) -> Option<Form> {
    let Action::PostalIntake {
        documents,
        seal,
        fees,
        postage,
    } = &first.action
    else {
        return None;
    };
    let rows = documents
        .iter()
        .enumerate()
        .map(|(i, doc)| {
            vec![
                (i + 1).to_string(),
                doc.name.clone(),
                doc.originals.to_string(),
                doc.copies.to_string(),
            ]
        })
        .collect();
    let mut blocks = vec![
        Block::Header {
            agency: "BƯU ĐIỆN VIỆT NAM".into(),
            place_date: place_date(center, from_timestamp(first.at)),
        },
        Block::Title("PHIẾU GỬI HỒ SƠ QUA DỊCH VỤ BƯU CHÍNH CÔNG ÍCH".into()),
        Block::Centered(format!("Mã hồ sơ: {}", d.code)),
        Block::Field("Người gửi".into(), a.name.clone()),
        Block::Field("Địa chỉ".into(), a.address.clone()),
        Block::Field(
            "Số điện thoại".into(),
            a.phone.clone().unwrap_or_default(),
        ),
        Block::Field("Thủ tục hành chính".into(), d.details.procedure_name.clone()),
        Block::Field("Nơi giải quyết".into(), center.name.clone()),
        Block::Paragraph("Danh mục giấy tờ (đã kiểm đếm, đối chiếu với danh mục thủ tục đã công bố):".into()),
        Block::Table {
            headers: vec![
                "STT".into(),
                "Tên giấy tờ".into(),
                "Bản chính".into(),
                "Bản sao".into(),
            ],
            widths: vec![0.6, 6.0, 1.4, 1.4],
            rows,
        },
        Block::Field("Số niêm phong".into(), seal.to_string()),
        Block::Field("Thời điểm nhận".into(), when(first.at)),
        Block::Paragraph(
            "Hồ sơ được đóng gói, niêm phong trước mặt người gửi. Thời hạn giải quyết tính từ khi Trung tâm nhận đủ hồ sơ."
                .into(),
        ),
        Block::Title("BIÊN LAI THU PHÍ, LỆ PHÍ VÀ CƯỚC".into()),
        Block::Centered(format!("Số: {}", d.code)),
        Block::Field("Phí, lệ phí thủ tục".into(), dong(fees.0)),
        Block::Field("Cước dịch vụ bưu chính".into(), dong(postage.0)),
        Block::Field("Tổng cộng".into(), dong(fees.0 + postage.0)),
    ];
    blocks.push(Block::Signatures(vec![
        ("NGƯỜI GỬI HỒ SƠ".into(), a.name.clone()),
        ("NHÂN VIÊN BƯU ĐIỆN".into(), employee.to_string()),
    ]));
    Some(Form {
        title: format!("Phiếu gửi hồ sơ {}", d.code),
        paper: Paper::A4,
        blocks,
    })
}

/// The hand-over record of a manifest: both ends sign it.
pub fn handover_record(center: &Center, m: &Manifest) -> Form {
    let rows = m
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            vec![
                (i + 1).to_string(),
                it.code.to_string(),
                it.applicant_name.clone(),
                it.procedure_code.to_string(),
                it.documents.to_string(),
                Locale::Vi.number(it.fees.0.unsigned_abs()),
                it.tally
                    .map(|t| t.label(Locale::Vi).to_string())
                    .unwrap_or_default(),
                it.note.clone(),
            ]
        })
        .collect();
    let mut blocks = vec![
        Block::Header {
            agency: center.name.clone(),
            place_date: place_date(center, from_timestamp(m.dispatched_at)),
        },
        Block::Title("BIÊN BẢN BÀN GIAO HỒ SƠ".into()),
        Block::Centered(format!("Bảng kê số {}", m.number)),
        Block::Field("Tuyến".into(), m.leg.label(Locale::Vi).to_string()),
        Block::Field("Bên giao".into(), m.from_place.clone()),
        Block::Field("Bên nhận".into(), m.to_place.clone()),
        Block::Field(
            "Nhân viên bưu điện vận chuyển".into(),
            m.carrier_name.clone(),
        ),
        Block::Field("Thời điểm giao".into(), when(m.dispatched_at)),
        Block::Field(
            "Thời điểm nhận".into(),
            m.received_at
                .map(when)
                .unwrap_or_else(|| "(chưa nhận)".into()),
        ),
        Block::Table {
            headers: vec![
                "STT".into(),
                "Mã hồ sơ".into(),
                "Người nộp".into(),
                "Thủ tục".into(),
                "Số giấy tờ".into(),
                "Phí, lệ phí (đồng)".into(),
                "Kiểm đếm".into(),
                "Ghi chú".into(),
            ],
            widths: vec![0.5, 3.0, 2.2, 1.3, 0.9, 1.3, 1.3, 2.0],
            rows,
        },
        Block::Paragraph(format!(
            "Tổng cộng: {} hồ sơ, {} giấy tờ; phí, lệ phí bàn giao: {}.",
            Locale::Vi.number(m.items.len() as u64),
            Locale::Vi.number(u64::from(m.documents())),
            dong(m.fees().0),
        )),
    ];
    if !m.note.is_empty() {
        blocks.push(Block::Field("Ghi chú khi giao".into(), m.note.clone()));
    }
    if let Some(n) = m.receive_note.as_ref().filter(|n| !n.is_empty()) {
        blocks.push(Block::Field("Ghi chú khi nhận".into(), n.clone()));
    }
    blocks.push(Block::Signatures(vec![
        ("BÊN GIAO".into(), m.dispatched_by_name.clone()),
        ("NHÂN VIÊN BƯU ĐIỆN".into(), m.carrier_name.clone()),
        (
            "BÊN NHẬN".into(),
            m.received_by_name.clone().unwrap_or_default(),
        ),
    ]));
    Form {
        title: format!("Biên bản bàn giao {}", m.number),
        paper: Paper::A4Landscape,
        blocks,
    }
}

/// The hand-over record of manifest `id`, as PDF.
pub async fn manifest_record(
    state: &AppState,
    p: &Principal,
    id: ManifestId,
) -> Result<Response, WebError> {
    let m = crate::cases::transport::readable_manifest(state, p, id).await?;
    let center = state
        .store
        .center(m.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    super::pdf(handover_record(&center, &m)).await
}

/// The slip of the postal intake `code`, as PDF (not found for a dossier
/// that did not come by post).
pub async fn postal_slip_pdf(
    state: &AppState,
    p: &Principal,
    code: &str,
) -> Result<Response, WebError> {
    let d = crate::cases::readable(state, p, code).await?;
    let (applicant, _) = crate::privacy::applicant_for(state, p, &d, "api:postal-slip").await?;
    let events = state.store.events(d.id).await?;
    let first = events.first().ok_or(WebError::NotFound)?;
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let employee = match &first.actor {
        Some(a) => state
            .store
            .account_names(&[a.account_id])
            .await?
            .remove(&a.account_id)
            .unwrap_or_else(|| a.username.clone()),
        None => String::new(),
    };
    let form = postal_slip(&center, &d, &applicant, first, &employee).ok_or(WebError::NotFound)?;
    super::pdf(form).await
}
