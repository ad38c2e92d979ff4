//! What a citizen is told about a dossier, and when: received (with the
//! code, the appointment and the lookup link), a supplement needed, the
//! result ready, an apology with a new date, the result sent by post, and
//! delivered. The words are Vietnamese (the citizen's language at the
//! center); an SMS carries them without diacritics where the gateway needs
//! it (the sender folds them). Nothing here sends: the caller writes the
//! notice with the event and a worker sends it.

use jiff::Timestamp;

use super::lifecycle::Action;
use super::postal::DeliveryState;
use super::Status;
use crate::labels::labelled_enum;

labelled_enum! {
    /// Why a citizen is written to.
    NoticeKind {
        Received = "received";
        SupplementNeeded = "supplement-needed";
        ResultReady = "result-ready";
        Extended = "extended";
        Shipped = "shipped";
        Delivered = "delivered";
    }
}

/// The notice an event calls for: `to` is the status the event leads to,
/// `by_post` whether the citizen receives the result by post (then "ready"
/// is said by "shipped" instead).
pub fn for_event(action: &Action, to: Status, by_post: bool) -> Option<NoticeKind> {
    match action {
        Action::Accept { .. } => Some(NoticeKind::Received),
        Action::RequestSupplement { .. } => Some(NoticeKind::SupplementNeeded),
        Action::Approve | Action::Certify { .. } if to == Status::Processed && !by_post => {
            Some(NoticeKind::ResultReady)
        }
        Action::Extend { .. } => Some(NoticeKind::Extended),
        Action::ShipByPost { .. } => Some(NoticeKind::Shipped),
        Action::PostalUpdate {
            state: DeliveryState::Delivered,
            ..
        } => Some(NoticeKind::Delivered),
        _ => None,
    }
}

/// What a notice says of its dossier.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NoticeFacts {
    pub code: String,
    pub procedure: String,
    pub center: String,
    /// "17:00 ngày 30/11/2026", when there is one.
    pub appointment: Option<String>,
    /// The public lookup with the code (and its PIN for the holder).
    pub lookup_url: String,
    /// The documents asked for, and why (a supplement).
    pub items: Vec<String>,
    pub reason: String,
    /// The parcel's tracking code (by post).
    pub tracking: Option<String>,
}

/// A notice's words: the e-mail's subject and body, and the SMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeText {
    pub subject: String,
    pub body: String,
    pub sms: String,
}

/// The words of a notice.
pub fn compose(kind: NoticeKind, f: &NoticeFacts) -> NoticeText {
    let when = f
        .appointment
        .as_deref()
        .map(|a| format!(" Hẹn trả kết quả: {a}."))
        .unwrap_or_default();
    let (subject, lead, sms) = match kind {
        NoticeKind::Received => (
            format!("Hồ sơ {} đã được tiếp nhận", f.code),
            format!(
                "{} đã tiếp nhận hồ sơ {} ({}).{when}",
                f.center, f.code, f.procedure
            ),
            format!("Ho so {} da duoc tiep nhan.{when}", f.code),
        ),
        NoticeKind::SupplementNeeded => {
            let items = f
                .items
                .iter()
                .map(|i| format!("\n- {i}"))
                .collect::<String>();
            (
                format!("Hồ sơ {} cần bổ sung giấy tờ", f.code),
                format!(
                    "Hồ sơ {} ({}) cần bổ sung: {items}\nLý do: {}",
                    f.code, f.procedure, f.reason
                ),
                format!(
                    "Ho so {} can bo sung giay to. Lien he {}.",
                    f.code, f.center
                ),
            )
        }
        NoticeKind::ResultReady => (
            format!("Hồ sơ {} đã có kết quả", f.code),
            format!(
                "Hồ sơ {} ({}) đã có kết quả. Mời ông/bà đến {} để nhận, mang theo giấy tiếp nhận.",
                f.code, f.procedure, f.center
            ),
            format!(
                "Ho so {} da co ket qua. Moi den nhan tai {}.",
                f.code, f.center
            ),
        ),
        NoticeKind::Extended => (
            format!("Hồ sơ {}: xin lỗi và hẹn lại ngày trả kết quả", f.code),
            format!(
                "{} xin lỗi ông/bà: hồ sơ {} ({}) chưa giải quyết kịp hạn.{when}\nLý do: {}",
                f.center, f.code, f.procedure, f.reason
            ),
            format!("Xin loi: ho so {} tre han.{when}", f.code),
        ),
        NoticeKind::Shipped => {
            let tracking = f
                .tracking
                .as_deref()
                .map(|t| format!(" Mã bưu gửi: {t}."))
                .unwrap_or_default();
            (
                format!("Kết quả hồ sơ {} đã gửi qua bưu điện", f.code),
                format!(
                    "Kết quả hồ sơ {} ({}) đã được gửi qua dịch vụ bưu chính công ích.{tracking}",
                    f.code, f.procedure
                ),
                format!("Ket qua ho so {} da gui qua buu dien.{tracking}", f.code),
            )
        }
        NoticeKind::Delivered => (
            format!("Kết quả hồ sơ {} đã được phát", f.code),
            format!(
                "Kết quả hồ sơ {} ({}) đã được bưu điện phát thành công.",
                f.code, f.procedure
            ),
            format!("Ket qua ho so {} da duoc phat thanh cong.", f.code),
        ),
    };
    let body = format!(
        "{lead}\n\nTra cứu hồ sơ: {}\n\n{}\n(Thư gửi tự động, xin đừng trả lời.)",
        f.lookup_url, f.center
    );
    NoticeText { subject, body, sms }
}

/// Texts are not sent at night: from 21:00 to 07:00 in Vietnam an SMS
/// waits until 07:00 (an e-mail goes at once). `None`: send now.
pub fn quiet_until(at: Timestamp) -> Option<Timestamp> {
    let local = motcua_calendar::from_timestamp(at);
    let hour = local.hour();
    if (7..21).contains(&hour) {
        return None;
    }
    let day = if hour >= 21 {
        local.date().tomorrow().ok()?
    } else {
        local.date()
    };
    Some(motcua_calendar::to_timestamp(
        day.to_datetime(jiff::civil::time(7, 0, 0, 0)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> NoticeFacts {
        NoticeFacts {
            code: "000.30.00.H92-261127-0001".into(),
            procedure: "Đăng ký khai sinh".into(),
            center: "Trung tâm Phục vụ hành chính công phường Ninh Kiều".into(),
            appointment: Some("17:00 ngày 30/11/2026".into()),
            lookup_url: "https://motcua.example/tra-cuu?ma=000.30.00.H92-261127-0001".into(),
            items: vec!["Bản sao giấy chứng nhận kết hôn".into()],
            reason: "Thiếu giấy tờ".into(),
            tracking: Some("EB000000014VN".into()),
        }
    }

    #[test]
    fn events_that_tell_the_citizen() {
        let at: Timestamp = "2026-11-27T03:00:00Z".parse().unwrap();
        let accept = Action::Accept { appointment: at };
        assert_eq!(
            for_event(&accept, Status::Accepted, false),
            Some(NoticeKind::Received)
        );
        assert_eq!(
            for_event(&Action::Approve, Status::Processed, false),
            Some(NoticeKind::ResultReady)
        );
        assert_eq!(
            for_event(&Action::Approve, Status::Processed, true),
            None,
            "by post, the parcel is the news"
        );
        assert_eq!(for_event(&Action::Digitize, Status::Accepted, false), None);
        let delivered = Action::PostalUpdate {
            tracking: "EB000000014VN".into(),
            state: DeliveryState::Delivered,
            note: String::new(),
            received_by: None,
        };
        assert_eq!(
            for_event(&delivered, Status::Returned, true),
            Some(NoticeKind::Delivered)
        );
        let in_transit = Action::PostalUpdate {
            tracking: "EB000000014VN".into(),
            state: DeliveryState::InTransit,
            note: String::new(),
            received_by: None,
        };
        assert_eq!(for_event(&in_transit, Status::Processed, true), None);
    }

    #[test]
    fn every_notice_names_the_dossier_and_the_lookup() {
        for kind in NoticeKind::ALL {
            let t = compose(*kind, &facts());
            assert!(t.subject.contains("000.30.00.H92-261127-0001"), "{kind:?}");
            assert!(
                t.body.contains("https://motcua.example/tra-cuu"),
                "{kind:?}"
            );
            assert!(t.sms.contains("000.30.00.H92-261127-0001"), "{kind:?}");
            assert!(t.sms.len() <= 160, "{kind:?}: {}", t.sms.len());
        }
        let t = compose(NoticeKind::SupplementNeeded, &facts());
        assert!(t.body.contains("- Bản sao giấy chứng nhận kết hôn"));
        assert!(compose(NoticeKind::Received, &facts())
            .sms
            .contains("17:00 ngày 30/11/2026"));
        assert!(compose(NoticeKind::Shipped, &facts())
            .body
            .contains("EB000000014VN"));
    }

    #[test]
    fn no_text_at_night() {
        // 20:59 in Vietnam is 13:59 UTC: sent; 21:00 waits until 07:00 the next day.
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert_eq!(quiet_until(t("2026-11-27T13:59:00Z")), None);
        assert_eq!(
            quiet_until(t("2026-11-27T14:00:00Z")),
            Some(t("2026-11-28T00:00:00Z"))
        );
        // 06:30 waits until 07:00 the same day.
        assert_eq!(
            quiet_until(t("2026-11-27T23:30:00Z")),
            Some(t("2026-11-28T00:00:00Z"))
        );
        assert_eq!(quiet_until(t("2026-11-28T00:00:00Z")), None);
    }
}
