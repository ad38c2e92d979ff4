//! The one-stop forms (Circular 03/2025/TT-VPCP numbering) generated from a
//! dossier and its events: 01 receipt and appointment, 02 supplement request,
//! 03 refusal, 04 apology and extension, 05 stop notice, 06 processing-control
//! slip, 07 register.

mod render;

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::civil::DateTime;
use jiff::Timestamp;
use motcua_calendar::from_timestamp;
use motcua_domain::catalog::Procedure;
use motcua_domain::dossier::lifecycle::Action;
use motcua_domain::dossier::Timeliness;
use motcua_domain::AgencyCode;
use motcua_domain::Locale;
use motcua_store::{Center, DossierRecord, Event};
use serde::Deserialize;

pub use render::{render, wrap, Block, Form, Paper};

use crate::auth::Principal;
use crate::{AppState, WebError};

fn when(at: Timestamp) -> String {
    let t = from_timestamp(at);
    format!(
        "{:02} giờ {:02} phút, ngày {:02}/{:02}/{}",
        t.hour(),
        t.minute(),
        t.day(),
        t.month(),
        t.year()
    )
}

fn day(at: Timestamp) -> String {
    let t = from_timestamp(at);
    format!("{:02}/{:02}/{}", t.day(), t.month(), t.year())
}

fn place_date(center: &Center, at: DateTime) -> String {
    let place = center.unit_name.as_deref().map_or("Cần Thơ", |u| {
        u.split_once(' ').map_or(u, |(_, rest)| rest)
    });
    format!(
        "{place}, ngày {:02} tháng {:02} năm {}",
        at.day(),
        at.month(),
        at.year()
    )
}

fn header(center: &Center, at: Timestamp) -> Block {
    Block::Header {
        agency: center.name.clone(),
        place_date: place_date(center, from_timestamp(at)),
    }
}

/// How the forms name people and agencies: staff by their full names (an
/// account's login only when it has no staff record), agencies by their names.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Account id → full name (see [`motcua_store::Store::account_names`]).
    pub accounts: HashMap<i64, String>,
    pub agencies: HashMap<AgencyCode, String>,
}

impl Names {
    /// The names of everyone and every agency in these events.
    pub async fn of(state: &AppState, events: &[Event]) -> Result<Names, WebError> {
        Ok(Names {
            accounts: account_names(state, events).await?,
            agencies: state
                .store
                .agencies()
                .await?
                .into_iter()
                .map(|a| (a.code, a.name))
                .collect(),
        })
    }

    /// Who took a step: the officer's full name, or "Công dân" for the
    /// citizen's own steps (an online submission).
    fn actor(&self, e: &Event) -> String {
        e.actor.as_ref().map_or_else(
            || "Công dân".to_string(),
            |a| {
                self.accounts
                    .get(&a.account_id)
                    .cloned()
                    .unwrap_or_else(|| a.username.clone())
            },
        )
    }

    fn agency(&self, code: &AgencyCode) -> String {
        self.agencies
            .get(code)
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }
}

/// The full names of the officers in these events (who acted, and to whom a
/// dossier was handed), by account id.
pub async fn account_names(
    state: &AppState,
    events: &[Event],
) -> Result<HashMap<i64, String>, WebError> {
    let mut ids: Vec<i64> = events
        .iter()
        .flat_map(|e| {
            let to = match &e.action {
                Action::HandOver { to_account, .. } => *to_account,
                _ => None,
            };
            e.actor.as_ref().map(|a| a.account_id).into_iter().chain(to)
        })
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(state.store.account_names(&ids).await?)
}

/// Everything a dossier's forms are made of.
pub struct Dossier<'a> {
    pub center: &'a Center,
    pub d: &'a DossierRecord,
    pub procedure: &'a Procedure,
    pub events: &'a [Event],
    /// Where the citizen checks the status (printed as a QR code).
    pub lookup_url: String,
    /// The second factor of the lookup, printed beside the QR code.
    pub lookup_pin: Option<String>,
    pub names: Names,
}

impl Dossier<'_> {
    fn applicant_fields(&self) -> Vec<Block> {
        let a = &self.d.applicant;
        let mut out = vec![Block::Field("Ông/Bà".into(), a.name.clone())];
        if let Some(id) = &a.id_number {
            out.push(Block::Field("Số CCCD".into(), id.clone()));
        }
        if !a.address.is_empty() {
            out.push(Block::Field("Địa chỉ".into(), a.address.clone()));
        }
        if let Some(p) = &a.phone {
            out.push(Block::Field("Số điện thoại".into(), p.clone()));
        }
        out.push(Block::Field(
            "Nội dung yêu cầu giải quyết".into(),
            self.procedure.name.clone(),
        ));
        out
    }

    fn event(&self, pick: impl Fn(&Action) -> bool) -> Result<&Event, WebError> {
        self.events
            .iter()
            .rev()
            .find(|e| pick(&e.action))
            .ok_or(WebError::NotFound)
    }

    /// Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    pub fn receipt(&self) -> Result<Form, WebError> {
        let received = self.event(|a| matches!(a, Action::Accept { .. }))?;
        let mut blocks = vec![
            header(self.center, received.at),
            Block::Title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ".into()),
            Block::Centered(format!("Mã hồ sơ: {}", self.d.code)),
            Block::Qr {
                text: self.lookup_url.clone(),
                caption: match &self.lookup_pin {
                    Some(pin) => format!("Quét mã để tra cứu hồ sơ\nMã tra cứu: {pin}"),
                    None => "Quét mã để tra cứu hồ sơ".into(),
                },
            },
            Block::Paragraph(format!("{} tiếp nhận hồ sơ của:", self.center.name)),
        ];
        blocks.extend(self.applicant_fields());
        blocks.push(Block::Paragraph("1. Thành phần hồ sơ:".into()));
        let given = self
            .d
            .details
            .get("components")
            .and_then(|c| c.as_array())
            .cloned()
            .unwrap_or_default();
        let rows = given
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let name = c
                    .get("name")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string();
                let kind = self
                    .procedure
                    .components
                    .iter()
                    .find(|p| {
                        motcua_domain::text::fold(&p.name) == motcua_domain::text::fold(&name)
                    })
                    .map_or("Bản sao", |p| p.kind.label(Locale::Vi));
                let shown = if c.get("original_shown").and_then(|v| v.as_bool()) == Some(true) {
                    " (đã xuất trình bản chính)"
                } else {
                    ""
                };
                vec![
                    (i + 1).to_string(),
                    name,
                    format!("{kind}{shown}"),
                    c.get("count").map(|v| v.to_string()).unwrap_or_default(),
                ]
            })
            .collect();
        blocks.push(Block::Table {
            headers: vec![
                "STT".into(),
                "Tên giấy tờ".into(),
                "Hình thức".into(),
                "Số lượng".into(),
            ],
            widths: vec![1.0, 6.0, 3.0, 1.5],
            rows,
        });
        let fee = self
            .d
            .details
            .get("fee")
            .and_then(|v| v.as_i64())
            .unwrap_or(0);
        let result_at = match self
            .d
            .details
            .get("result_channel")
            .and_then(|v| v.as_str())
        {
            Some("post") => "Qua dịch vụ bưu chính công ích",
            Some("online") => "Trực tuyến",
            _ => "Tại Bộ phận tiếp nhận và trả kết quả",
        };
        blocks.extend([
            Block::Field("2. Số lượng hồ sơ".into(), "01 bộ".into()),
            Block::Field("3. Thời gian giải quyết theo quy định".into(), self.procedure.time_limit.describe_vi()),
            Block::Field("4. Thời gian nhận hồ sơ".into(), when(received.at)),
            Block::Field("5. Thời gian trả kết quả".into(), self.d.state.appointment.map(when).unwrap_or_default()),
            Block::Field("6. Đăng ký nhận kết quả tại".into(), result_at.into()),
            Block::Field("Phí, lệ phí".into(), motcua_domain::Vnd(fee).to_string()),
            Block::Paragraph("Khi đến nhận kết quả, ông/bà mang theo Giấy tiếp nhận này; trường hợp ủy quyền, người được ủy quyền mang theo giấy tờ chứng minh việc ủy quyền.".into()),
            Block::Space(3.0),
            Block::Signatures(vec![("NGƯỜI NỘP HỒ SƠ".into(), self.d.applicant.name.clone()), ("NGƯỜI TIẾP NHẬN HỒ SƠ".into(), self.names.actor(received))]),
        ]);
        Ok(Form {
            title: format!("Giấy tiếp nhận {}", self.d.code),
            // A5, as the law prints it: the QR code sits beside the
            // applicant's details so that a usual dossier fits on one page.
            paper: Paper::A5,
            blocks,
        })
    }

    /// Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    pub fn supplement_request(&self) -> Result<Form, WebError> {
        let e = self.event(|a| matches!(a, Action::RequestSupplement { .. }))?;
        let Action::RequestSupplement { items, reason } = &e.action else {
            unreachable!()
        };
        let mut blocks = vec![
            header(self.center, e.at),
            Block::Title("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ".into()),
            Block::Centered(format!("Mã hồ sơ: {}", self.d.code)),
        ];
        blocks.extend(self.applicant_fields());
        blocks.push(Block::Paragraph(
            "Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung sau:".into(),
        ));
        blocks.push(Block::Table {
            headers: vec!["STT".into(), "Nội dung cần bổ sung".into()],
            widths: vec![1.0, 10.0],
            rows: items
                .iter()
                .enumerate()
                .map(|(i, it)| vec![(i + 1).to_string(), it.clone()])
                .collect(),
        });
        blocks.extend([
            Block::Field("Lý do".into(), reason.clone()),
            Block::Paragraph("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ Bộ phận tiếp nhận và trả kết quả để được hướng dẫn.".into()),
            Block::Signatures(vec![("NGƯỜI HƯỚNG DẪN".into(), self.names.actor(e))]),
        ]);
        Ok(Form {
            title: format!("Yêu cầu bổ sung {}", self.d.code),
            paper: Paper::A5,
            blocks,
        })
    }

    /// Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    pub fn refusal(&self) -> Result<Form, WebError> {
        let e = self.event(|a| matches!(a, Action::Refuse { .. }))?;
        let Action::Refuse { reasons } = &e.action else {
            unreachable!()
        };
        let mut blocks = vec![
            header(self.center, e.at),
            Block::Title("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ".into()),
            Block::Centered(format!("Mã hồ sơ: {}", self.d.code)),
        ];
        blocks.extend(self.applicant_fields());
        blocks.extend([
            Block::Paragraph(format!("Qua xem xét, {} thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:", self.center.name)),
            Block::Paragraph(reasons.clone()),
            Block::Signatures(vec![("NGƯỜI NỘP HỒ SƠ".into(), self.d.applicant.name.clone()), ("NGƯỜI TIẾP NHẬN HỒ SƠ".into(), self.names.actor(e))]),
        ]);
        Ok(Form {
            title: format!("Từ chối {}", self.d.code),
            paper: Paper::A5,
            blocks,
        })
    }

    /// Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết.
    pub fn apology(&self) -> Result<Form, WebError> {
        let i = self
            .events
            .iter()
            .rposition(|e| matches!(e.action, Action::Extend { .. }))
            .ok_or(WebError::NotFound)?;
        let e = &self.events[i];
        let Action::Extend {
            appointment,
            reason,
        } = &e.action
        else {
            unreachable!()
        };
        let before = self.events[..i].iter().rev().find_map(|e| match &e.action {
            Action::Accept { appointment }
            | Action::ReceiveSupplement { appointment }
            | Action::Extend { appointment, .. } => Some(*appointment),
            _ => None,
        });
        let received = self.events.first().map_or(self.d.received_at, |e| e.at);
        let blocks = vec![
            header(self.center, e.at),
            Block::Title("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT".into()),
            Block::Centered("V/v xin lỗi đối với hồ sơ giải quyết quá hạn và hẹn lại thời gian trả kết quả".into()),
            Block::Field("Kính gửi".into(), self.d.applicant.name.clone()),
            Block::Paragraph(format!(
                "Ngày {}, {} tiếp nhận hồ sơ {} của Ông/Bà, mã hồ sơ {}, thời gian hẹn trả kết quả {}.",
                day(received),
                self.center.name,
                self.procedure.name,
                self.d.code,
                before.map(when).unwrap_or_default()
            )),
            Block::Field("Lý do chậm trả kết quả".into(), reason.clone()),
            Block::Paragraph("Chúng tôi thành thật xin lỗi Ông/Bà vì sự chậm trễ này và xin hẹn lại thời gian trả kết quả như sau:".into()),
            Block::Field("Thời gian trả kết quả".into(), when(*appointment)),
            Block::Field("Địa điểm".into(), self.center.address.clone()),
            Block::Signatures(vec![("THỦ TRƯỞNG CƠ QUAN".into(), self.names.actor(e))]),
        ];
        Ok(Form {
            title: format!("Xin lỗi, gia hạn {}", self.d.code),
            paper: Paper::A5,
            blocks,
        })
    }

    /// Mẫu 05: Thông báo dừng giải quyết hồ sơ (stopped by the agency or withdrawn).
    pub fn stop_notice(&self) -> Result<Form, WebError> {
        let e = self.event(|a| matches!(a, Action::Stop { .. } | Action::Withdraw { .. }))?;
        let (why, reason) = match &e.action {
            Action::Stop { reason } => (
                "Cơ quan có thẩm quyền dừng giải quyết hồ sơ",
                reason.clone(),
            ),
            Action::Withdraw { reason } => ("Theo đề nghị rút hồ sơ của Ông/Bà", reason.clone()),
            _ => unreachable!(),
        };
        let mut blocks = vec![
            header(self.center, e.at),
            Block::Title("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ".into()),
            Block::Centered(format!("Mã hồ sơ: {}", self.d.code)),
        ];
        blocks.extend(self.applicant_fields());
        blocks.extend([
            Block::Field("Căn cứ".into(), why.into()),
            Block::Field("Lý do".into(), reason),
            Block::Field("Thời điểm dừng".into(), when(e.at)),
            Block::Signatures(vec![("NGƯỜI THÔNG BÁO".into(), self.names.actor(e))]),
        ]);
        Ok(Form {
            title: format!("Dừng giải quyết {}", self.d.code),
            paper: Paper::A5,
            blocks,
        })
    }

    /// Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, one row per event,
    /// each judged against its step's share of the legal time.
    pub fn control_slip(&self, cal: &motcua_calendar::WorkCalendar) -> Form {
        let deadlines = self.step_deadlines(cal);
        let rows = self
            .events
            .iter()
            .map(|e| {
                let result = deadlines.as_ref().map_or("", |d| {
                    match Timeliness::classify(d[step_of(&e.action)], e.at, 0) {
                        Timeliness::Early => "Trước hạn",
                        Timeliness::OnTime => "Đúng hạn",
                        Timeliness::Late => "Quá hạn",
                    }
                });
                let by = self.names.actor(e);
                let (parties, people) = match &e.action {
                    Action::HandOver {
                        to_agency,
                        to_account,
                        ..
                    } => (
                        format!(
                            "1. Giao: {}\n2. Nhận: {}",
                            self.names.agency(&e.agency),
                            self.names.agency(to_agency)
                        ),
                        match to_account.and_then(|a| self.names.accounts.get(&a)) {
                            Some(to) => format!("1. Giao: {by}\n2. Nhận: {to}"),
                            None => by,
                        },
                    ),
                    _ => (self.names.agency(&e.agency), by),
                };
                vec![
                    parties,
                    when(e.at),
                    people,
                    result.to_string(),
                    format!("{}: {}", e.action.label(Locale::Vi), e.to.label(Locale::Vi)),
                ]
            })
            .collect();
        Form {
            title: format!("Phiếu kiểm soát {}", self.d.code),
            paper: Paper::A4,
            blocks: vec![
                Block::Header {
                    agency: self.center.name.clone(),
                    place_date: String::new(),
                },
                Block::Title("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ".into()),
                Block::Centered(format!("Mã hồ sơ: {}", self.d.code)),
                Block::Field("Kèm theo hồ sơ của".into(), self.d.applicant.name.clone()),
                Block::Field(
                    "Nội dung yêu cầu giải quyết".into(),
                    self.procedure.name.clone(),
                ),
                Block::Table {
                    headers: vec![
                        "Tên cơ quan".into(),
                        "Thời gian giao, nhận".into(),
                        "Người thực hiện".into(),
                        "Kết quả".into(),
                        "Ghi chú".into(),
                    ],
                    widths: vec![3.5, 3.5, 3.0, 1.8, 2.6],
                    rows,
                },
                Block::Paragraph(
                    "Thời gian giao, nhận và người thực hiện được hệ thống ghi tự động.".into(),
                ),
            ],
        }
    }
}

/// The steps of the processing and their weights in the legal time.
pub const STEPS: [(&str, u32); 4] = [
    ("Tiếp nhận", 1),
    ("Thẩm định, xử lý", 6),
    ("Phê duyệt", 2),
    ("Trả kết quả", 1),
];

/// Which step an action belongs to.
fn step_of(action: &Action) -> usize {
    match action {
        Action::Submit
        | Action::Accept { .. }
        | Action::Refuse { .. }
        | Action::HandOver { .. }
        | Action::Digitize => 0,
        Action::RequestSupplement { .. }
        | Action::ReceiveSupplement { .. }
        | Action::RequestPayment { .. }
        | Action::ConfirmPayment
        | Action::DraftResult { .. }
        | Action::Withdraw { .. } => 1,
        Action::RejectDraft { .. }
        | Action::Approve
        | Action::Extend { .. }
        | Action::Stop { .. } => 2,
        Action::IssueEResult | Action::Return { .. } => 3,
    }
}

impl Dossier<'_> {
    /// When each step must be done: the legal time from receipt to the legal
    /// appointment, split by [`STEPS`] (none before acceptance).
    pub fn step_deadlines(&self, cal: &motcua_calendar::WorkCalendar) -> Option<Vec<Timestamp>> {
        let legal = self
            .d
            .state
            .legal_appointment
            .or(self.d.state.appointment)?;
        let start = self
            .events
            .iter()
            .find(|e| matches!(e.action, Action::Accept { .. }))?
            .at;
        let budget = cal.working_seconds_between(from_timestamp(start), from_timestamp(legal));
        let steps = motcua_calendar::clock::split_budget(budget.max(0), &STEPS);
        Some(
            motcua_calendar::clock::step_deadlines(cal, from_timestamp(start), &steps)
                .into_iter()
                .map(motcua_calendar::to_timestamp)
                .collect(),
        )
    }
}

/// Mẫu 07: Sổ theo dõi hồ sơ of a center for a period.
pub fn register(
    center: &Center,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    dossiers: &[DossierRecord],
) -> Form {
    let rows = dossiers
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let name = d
                .details
                .get("procedure_name")
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| d.procedure_code.as_str())
                .to_string();
            vec![
                (i + 1).to_string(),
                d.code.clone(),
                name,
                d.applicant.name.clone(),
                d.applicant.phone.clone().unwrap_or_default(),
                day(d.received_at),
                d.state.appointment.map(day).unwrap_or_default(),
                d.state
                    .status
                    .map_or("", |s| s.label(Locale::Vi))
                    .to_string(),
            ]
        })
        .collect();
    Form {
        title: format!("Sổ theo dõi hồ sơ {}", center.name),
        paper: Paper::A4Landscape,
        blocks: vec![
            Block::Header {
                agency: center.name.clone(),
                place_date: String::new(),
            },
            Block::Title("SỔ THEO DÕI HỒ SƠ".into()),
            Block::Centered(format!(
                "Từ ngày {} đến ngày {}",
                from.strftime("%d/%m/%Y"),
                to.strftime("%d/%m/%Y")
            )),
            Block::Table {
                headers: [
                    "STT",
                    "Mã hồ sơ",
                    "Nội dung",
                    "Chủ hồ sơ",
                    "Điện thoại",
                    "Ngày nhận",
                    "Ngày hẹn trả",
                    "Trạng thái",
                ]
                .map(String::from)
                .to_vec(),
                widths: vec![0.7, 4.2, 4.4, 2.8, 1.9, 1.7, 1.7, 2.2],
                rows,
            },
        ],
    }
}

async fn pdf(form: Form) -> Result<Response, WebError> {
    let name = format!(
        "{}.pdf",
        motcua_domain::text::fold(&form.title).replace([' ', '/'], "-")
    );
    let bytes = tokio::task::spawn_blocking(move || render(&form))
        .await
        .map_err(|e| WebError::BadRequest(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The address citizens reach the system at: the configured public URL
/// (`motcua serve` always sets one). Never the request's Host header, which
/// anyone can write: a receipt must not send a citizen elsewhere.
fn public_base(state: &AppState) -> String {
    state.config.public_url.as_deref().map_or_else(
        || "http://localhost".to_string(),
        |url| url.trim_end_matches('/').to_string(),
    )
}

/// A generated form, as the OpenAPI document describes it.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct Pdf(pub Vec<u8>);

/// Form 01–06 of a dossier as PDF: 01 receipt, 02 supplement request, 03
/// refusal, 04 apology and extension, 05 stop notice, 06 processing-control slip.
#[utoipa::path(get, path = "/api/v1/dossiers/{code}/forms/{form}", tag = "forms",
    params(("code" = String, Path), ("form" = String, Path, description = "01 to 06")),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The form", content_type = "application/pdf", body = Pdf),
        (status = 404, description = "No such dossier, or the dossier has no such event yet", body = crate::error::ErrorBody),
        (status = 422, description = "No such form", body = crate::error::ErrorBody)))]
pub async fn dossier_form(
    State(state): State<AppState>,
    p: Principal,
    Path((code, form)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let mut d = state
        .store
        .dossier(&code)
        .await?
        .filter(|d| p.can_read(d))
        .ok_or(WebError::NotFound)?;
    let (applicant, full) =
        crate::privacy::applicant_for(&state, &p, &d, &format!("api:form-{form}")).await?;
    d.applicant = applicant;
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let version = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .ok_or(WebError::NotFound)?;
    let events = state.store.events(d.id).await?;
    let pin = if full {
        Some(crate::privacy::lookup_pin(
            state.lookup_key().await?,
            &d.code,
        ))
    } else {
        None
    };
    let mut lookup_url = format!(
        "{}/tra-cuu?ma={}",
        public_base(&state),
        crate::auth::urlencode(&d.code)
    );
    if let Some(pin) = &pin {
        lookup_url += &format!("&pin={pin}");
    }
    let ctx = Dossier {
        center: &center,
        d: &d,
        procedure: &version.procedure,
        events: &events,
        lookup_url,
        lookup_pin: pin,
        names: Names::of(&state, &events).await?,
    };
    let form = match form.as_str() {
        "01" => ctx.receipt()?,
        "02" => ctx.supplement_request()?,
        "03" => ctx.refusal()?,
        "04" => ctx.apology()?,
        "05" => ctx.stop_notice()?,
        "06" => ctx.control_slip(&state.calendar(&center.office_hours)),
        other => {
            return Err(WebError::invalid(
                "form",
                format!("Không có mẫu {other}: dùng 01–06 / No form {other}: use 01–06"),
            ))
        }
    };
    pdf(form).await
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Period {
    pub from: jiff::civil::Date,
    pub to: jiff::civil::Date,
}

/// Form 07, the register of a center's dossiers received from `from` to `to`
/// (both included), as PDF.
#[utoipa::path(get, path = "/api/v1/centers/{id}/register", tag = "forms",
    params(("id" = i64, Path), Period),
    security(("token" = []), ("session" = [])),
    responses((status = 200, description = "The register", content_type = "application/pdf", body = Pdf),
        (status = 404, description = "No such center, or not one of the user's", body = crate::error::ErrorBody),
        (status = 422, description = "The period ends before it starts", body = crate::error::ErrorBody)))]
pub async fn center_register(
    State(state): State<AppState>,
    p: Principal,
    Path(id): Path<i64>,
    Query(period): Query<Period>,
) -> Result<Response, WebError> {
    if !p.sees_everything() && !p.postings.iter().any(|x| x.center_id == id) {
        return Err(WebError::NotFound);
    }
    let center = state.store.center(id).await?.ok_or(WebError::NotFound)?;
    if period.to < period.from {
        return Err(WebError::invalid(
            "to",
            "Ngày kết thúc trước ngày bắt đầu / The period ends before it starts",
        ));
    }
    // Dates at the ends of the calendar have no next day or no timestamp.
    for (field, date) in [("from", period.from), ("to", period.to)] {
        if !(1900..=2999).contains(&date.year()) {
            return Err(WebError::invalid(
                field,
                "Ngày phải trong khoảng 1900–2999 / The date must be within 1900–2999",
            ));
        }
    }
    let start = motcua_calendar::to_timestamp(period.from.to_datetime(jiff::civil::Time::MIN));
    let end = motcua_calendar::to_timestamp(
        period
            .to
            .tomorrow()
            .expect("in range")
            .to_datetime(jiff::civil::Time::MIN),
    );
    let mut dossiers = state.store.dossiers_received(id, start, end, 2000).await?;
    // Phones in full only on the dossiers this user handles, and recorded.
    let mut reads = Vec::new();
    for d in &mut dossiers {
        if p.handles(d) {
            if d.applicant.phone.is_some() {
                reads.push(motcua_store::PersonalDataRead {
                    at: state.now(),
                    account_id: p.account.id,
                    dossier_id: Some(d.id),
                    subject: d.code.clone(),
                    purpose: "api:form-07".into(),
                });
            }
        } else {
            d.applicant = crate::privacy::masked(&d.applicant);
        }
    }
    state.store.record_personal_data_reads(&reads).await?;
    pdf(register(&center, period.from, period.to, &dossiers)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_domain::dossier::event::Event;
    use motcua_domain::dossier::lifecycle::State;
    use motcua_domain::dossier::Status;

    #[test]
    fn officers_and_agencies_by_name_else_by_login_and_code() {
        let agency: motcua_domain::AgencyCode = "000.30.00.H92".parse().unwrap();
        let by = |account_id: i64| {
            Event::next(
                None,
                "000.30.00.H92-261120-0001",
                "2026-11-20T01:00:00Z".parse().unwrap(),
                Some(motcua_domain::dossier::event::Actor {
                    account_id,
                    username: "tiepnhan1.ninhkieu".into(),
                    role: motcua_domain::org::Role::Reception,
                }),
                agency.clone(),
                None,
                Status::Registered,
                Action::Submit,
            )
        };
        let names = Names {
            accounts: HashMap::from([(1, "Nguyễn Thị Thu Hà".to_string())]),
            agencies: HashMap::from([(agency.clone(), "UBND phường Ninh Kiều".to_string())]),
        };
        assert_eq!(names.actor(&by(1)), "Nguyễn Thị Thu Hà");
        assert_eq!(names.actor(&by(2)), "tiepnhan1.ninhkieu", "no name known");
        assert_eq!(names.agency(&agency), "UBND phường Ninh Kiều");
        let other: motcua_domain::AgencyCode = "000.30.01.H92".parse().unwrap();
        assert_eq!(names.agency(&other), "000.30.01.H92");
    }

    #[test]
    fn step_deadlines_share_the_legal_time_and_end_at_the_appointment() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let agency: motcua_domain::AgencyCode = "000.30.00.H92".parse().unwrap();
        let accept = Action::Accept {
            appointment: t("2026-11-27T10:00:00Z"),
        };
        let event = Event::next(
            None,
            "000.30.00.H92-261120-0001",
            t("2026-11-20T01:00:00Z"),
            None,
            agency.clone(),
            None,
            Status::Accepted,
            accept.clone(),
        );
        let mut state = State::default();
        state.apply(&accept, Status::Accepted, &agency);
        let d = DossierRecord {
            id: 1,
            code: event.dossier_code.clone(),
            center_id: 1,
            agency_code: agency,
            procedure_code: "2.004001".parse().unwrap(),
            procedure_version_id: 1,
            channel: motcua_domain::catalog::Channel::InPerson,
            applicant_id: None,
            applicant: Default::default(),
            received_at: event.at,
            details: serde_json::json!({}),
            state,
            last_seq: 1,
        };
        let center = Center {
            id: 1,
            name: "Trung tâm".into(),
            kind: motcua_domain::org::CenterKind::Center,
            agency_code: d.agency_code.clone(),
            agency_name: String::new(),
            unit_name: None,
            address: String::new(),
            office_hours: Default::default(),
        };
        let catalog =
            motcua_domain::catalog::parse_csv(motcua_domain::catalog::DEMO_CATALOG_CSV.as_bytes())
                .unwrap();
        let ctx = Dossier {
            center: &center,
            d: &d,
            procedure: &catalog.procedures[0],
            events: std::slice::from_ref(&event),
            lookup_url: String::new(),
            lookup_pin: None,
            names: Names::default(),
        };
        let cal = motcua_calendar::WorkCalendar::default();
        let deadlines = ctx.step_deadlines(&cal).unwrap();
        assert_eq!(deadlines.len(), 4);
        assert_eq!(
            *deadlines.last().unwrap(),
            t("2026-11-27T10:00:00Z"),
            "the last step ends at the legal appointment"
        );
        // Fri 20 Nov 08:00 → Fri 27 Nov 17:00 is 7 + 4×8 + 8 = 47 working hours; reception
        // gets a tenth, 4 h 42 min: 3.5 h before the break, then 72 min from 13:30.
        assert_eq!(deadlines[0], t("2026-11-20T07:42:00Z"), "14:42 local");
        assert!(deadlines.windows(2).all(|w| w[0] <= w[1]));
    }
}
