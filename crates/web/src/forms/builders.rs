//! The forms themselves, 01 to 07, built from a dossier and its events (or
//! from a center's dossiers, for the register).

use jiff::civil::DateTime;
use jiff::Timestamp;
use motcua_calendar::from_timestamp;
use motcua_domain::catalog::Procedure;
use motcua_domain::dossier::lifecycle::Action;
use motcua_domain::dossier::Timeliness;
use motcua_domain::Locale;
use motcua_store::{Center, DossierRecord, Event, ResultChannel};

use super::render::{Block, Form, Paper};
use super::Names;
use crate::export::{Cell, Column, Kind, Table};
use crate::WebError;
use motcua_domain::i18n::Message;

pub(super) fn when(at: Timestamp) -> String {
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

pub fn place_date(center: &Center, at: DateTime) -> String {
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

/// Everything a dossier's forms are made of.
pub struct Dossier<'a> {
    pub center: &'a Center,
    pub d: &'a DossierRecord,
    /// The applicant as the reader may see them (masked for overseers).
    pub applicant: crate::privacy::ShownApplicant,
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
        let a = &self.applicant;
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
                    // The lookup's page offers the rating to the holder.
                    Some(pin) => format!(
                        "Quét mã để tra cứu hồ sơ\nvà đánh giá sự hài lòng\nMã tra cứu: {pin}"
                    ),
                    None => "Quét mã để tra cứu hồ sơ".into(),
                },
            },
            Block::Paragraph(format!("{} tiếp nhận hồ sơ của:", self.center.name)),
        ];
        blocks.extend(self.applicant_fields());
        blocks.push(Block::Paragraph("1. Thành phần hồ sơ:".into()));
        let rows = self
            .d
            .details
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let name = c.name.clone();
                let kind = self
                    .procedure
                    .components
                    .iter()
                    .find(|p| {
                        motcua_domain::text::fold(&p.name) == motcua_domain::text::fold(&name)
                    })
                    .map_or("Bản sao", |p| p.kind.label(Locale::Vi));
                let shown = if c.original_shown {
                    " (đã xuất trình bản chính)"
                } else {
                    ""
                };
                vec![
                    (i + 1).to_string(),
                    name,
                    format!("{kind}{shown}"),
                    c.count.to_string(),
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
        let fee = self.d.details.fee;
        let result_at = match self.d.details.result_channel {
            // Decision 45/2016: the result goes to the address given.
            ResultChannel::Post if !self.applicant.address.is_empty() => format!(
                "Qua dịch vụ bưu chính công ích, đến địa chỉ: {}",
                self.applicant.address
            ),
            ResultChannel::Post => "Qua dịch vụ bưu chính công ích".into(),
            ResultChannel::Online => "Trực tuyến".into(),
            ResultChannel::Counter => "Tại Bộ phận tiếp nhận và trả kết quả".into(),
        };
        blocks.extend([
            Block::Field("2. Số lượng hồ sơ".into(), "01 bộ".into()),
            Block::Field("3. Thời gian giải quyết theo quy định".into(), motcua_domain::i18n::time_limit(self.procedure.time_limit).localize(Locale::Vi)),
            Block::Field("4. Thời gian nhận hồ sơ".into(), when(received.at)),
            Block::Field("5. Thời gian trả kết quả".into(), self.d.state.appointment.map(when).unwrap_or_default()),
            Block::Field("6. Đăng ký nhận kết quả tại".into(), result_at),
            Block::Field("Phí, lệ phí".into(), fee.to_string()),
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
                    // The two ends of a carriage sign its hand-over record.
                    Action::Transport {
                        from,
                        to,
                        counterpart,
                        manifest,
                        ..
                    } => (
                        format!("1. Giao: {from}\n2. Nhận: {to}\n(Bảng kê {manifest})"),
                        format!("1. {by}\n2. {counterpart}"),
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
    use motcua_domain::dossier::transport::Leg;
    match action {
        Action::Transport { leg, .. } => match leg {
            Leg::ToCenter => 0,
            Leg::ToAgency => 1,
            Leg::BackToCenter => 3,
        },
        Action::Submit
        | Action::PostalIntake { .. }
        | Action::Accept { .. }
        | Action::Refuse { .. }
        | Action::HandOver { .. }
        | Action::Digitize
        | Action::AttachScan { .. }
        | Action::RemoveScan { .. }
        | Action::ExemptScan { .. } => 0,
        Action::RequestSupplement { .. }
        | Action::ReceiveSupplement { .. }
        | Action::RequestPayment { .. }
        | Action::ConfirmPayment
        | Action::DraftResult { .. }
        | Action::Withdraw { .. } => 1,
        Action::RejectDraft { .. }
        | Action::Approve
        | Action::Extend { .. }
        | Action::Stop { .. }
        | Action::Certify { .. } => 2,
        Action::IssueEResult
        | Action::AttachResult { .. }
        | Action::Return { .. }
        | Action::ShipByPost { .. }
        | Action::PostalUpdate { .. } => 3,
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
/// The columns of the register (form 07), on paper and in the workbook.
const REGISTER_COLUMNS: [(&str, Kind); 8] = [
    ("STT", Kind::Count),
    ("Mã hồ sơ", Kind::Text),
    ("Nội dung", Kind::Text),
    ("Chủ hồ sơ", Kind::Text),
    ("Điện thoại", Kind::Text),
    ("Ngày nhận", Kind::Date),
    ("Ngày hẹn trả", Kind::Date),
    ("Trạng thái", Kind::Text),
];

/// The register (form 07) as a table for the workbook: the same columns as
/// on paper, days as dates, the period and when it was made under the title.
pub fn register_table(
    center: &Center,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    made: Timestamp,
    dossiers: &[(DossierRecord, crate::privacy::ShownApplicant)],
) -> Table {
    let rows = dossiers
        .iter()
        .enumerate()
        .map(|(i, (d, applicant))| {
            vec![
                Cell::Count(i64::try_from(i + 1).unwrap_or(i64::MAX)),
                Cell::Text(d.code.to_string()),
                Cell::text_or_empty(d.details.procedure_name_or(&d.procedure_code)),
                Cell::text_or_empty(applicant.name.clone()),
                Cell::text_or_empty(applicant.phone.clone().unwrap_or_default()),
                Cell::Date(from_timestamp(d.received_at).date()),
                d.state
                    .appointment
                    .map_or(Cell::Empty, |at| Cell::Date(from_timestamp(at).date())),
                Cell::text_or_empty(d.state.status.map_or("", |s| s.label(Locale::Vi))),
            ]
        })
        .collect();
    let l = Locale::Vi;
    Table {
        title: Message::new("export-register-title")
            .with("center", center.name.clone())
            .localize(l),
        notes: vec![
            Message::new("export-period")
                .with("from", from.strftime("%d/%m/%Y").to_string())
                .with("to", to.strftime("%d/%m/%Y").to_string())
                .localize(l),
            Message::new("export-made-at")
                .with(
                    "at",
                    from_timestamp(made).strftime("%H:%M %d/%m/%Y").to_string(),
                )
                .localize(l),
        ],
        columns: REGISTER_COLUMNS
            .iter()
            .map(|(label, kind)| Column::new(*label, *kind))
            .collect(),
        rows,
    }
}

pub fn register(
    center: &Center,
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    dossiers: &[(DossierRecord, crate::privacy::ShownApplicant)],
) -> Form {
    let rows = dossiers
        .iter()
        .enumerate()
        .map(|(i, (d, applicant))| {
            let name = d.details.procedure_name_or(&d.procedure_code);
            vec![
                (i + 1).to_string(),
                d.code.to_string(),
                name,
                applicant.name.clone(),
                applicant.phone.clone().unwrap_or_default(),
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
                headers: REGISTER_COLUMNS
                    .iter()
                    .map(|(label, _)| (*label).to_string())
                    .collect(),
                widths: vec![0.7, 4.2, 4.4, 2.8, 1.9, 1.7, 1.7, 2.2],
                rows,
            },
        ],
    }
}
