//! What the API and the forms accept: the limit of every field, declared once
//! here (the OpenAPI schema states the same numbers, checked by a test), the
//! field's name in words, and the cleaning every free text goes through.

use motcua_domain::text::{clean_line, clean_text, TextError};
use motcua_domain::Locale;

use crate::WebError;

/// Characters, items or amounts at most, per field.
pub mod max {
    pub const NAME: usize = 200;
    pub const ADDRESS: usize = 300;
    pub const EMAIL: usize = 254;
    pub const REASON: usize = 2000;
    pub const NOTE: usize = 2000;
    pub const SUMMARY: usize = 4000;
    /// Items of a supplement request, and characters of each.
    pub const ITEMS: usize = 30;
    pub const ITEM: usize = 300;
    /// Components handed in with one dossier, and characters of each name.
    pub const COMPONENTS: usize = 60;
    pub const COMPONENT_NAME: usize = 300;
    /// Sheets of one component.
    pub const COMPONENT_COUNT: u32 = 100;
    pub const PAGES: u32 = 5000;
    pub const COPIES: u32 = 100;
    pub const LABEL: usize = 100;
    pub const USERNAME: usize = 64;
    pub const PASSWORD: usize = 256;
    pub const IDEMPOTENCY_KEY: usize = 100;
    /// A financial obligation, in đồng.
    pub const AMOUNT: i64 = 100_000_000_000;
    /// Days an API token may live.
    pub const TOKEN_DAYS: u32 = 365;
    /// Identity numbers and phones, with spaces a person may type.
    pub const ID_NUMBER: usize = 20;
    pub const PHONE: usize = 20;
    pub const CODE: usize = 40;
}

/// The name of a field in words, Vietnamese and English.
pub fn label(field: &str) -> (&'static str, &'static str) {
    let last = field.rsplit('.').next().unwrap_or(field);
    let last = last.split('[').next().unwrap_or(last);
    match (field, last) {
        ("applicant.name", _) => ("Họ tên người nộp", "Applicant's name"),
        ("applicant.address", _) => ("Địa chỉ người nộp", "Applicant's address"),
        (_, "id_number") => ("Số CCCD", "Identity number (CCCD)"),
        (_, "phone") => ("Số điện thoại", "Phone number"),
        (_, "email") => ("Thư điện tử", "E-mail"),
        (_, "applicant") => ("Người nộp", "Applicant"),
        (_, "components") => ("Thành phần hồ sơ", "Documents handed in"),
        (_, "count") => ("Số bản", "Number of sheets"),
        (_, "original_shown") => ("Đã xuất trình bản chính", "Original shown"),
        (_, "pages") => ("Số trang", "Pages"),
        (_, "copies") => ("Số bản sao", "Copies"),
        (_, "reasons") => ("Lý do từ chối", "Reasons for refusal"),
        (_, "reason") => ("Lý do", "Reason"),
        (_, "summary") => ("Nội dung dự thảo kết quả", "Draft result"),
        (_, "items") => ("Giấy tờ cần bổ sung", "Documents to supplement"),
        (_, "received_by") => ("Người nhận kết quả", "Result received by"),
        (_, "by_post") => ("Trả qua bưu chính", "Returned by post"),
        (_, "to_agency") => ("Cơ quan nhận hồ sơ", "Receiving agency"),
        (_, "to_account") => ("Cán bộ nhận hồ sơ", "Receiving officer"),
        (_, "amount") => ("Số tiền", "Amount"),
        (_, "note") => ("Ghi chú", "Note"),
        (_, "appointment") => ("Ngày hẹn trả", "Appointment"),
        (_, "label") => ("Tên mã truy cập", "Token label"),
        (_, "scope") => ("Quyền của mã truy cập", "Token scope"),
        (_, "expires_in_days") => ("Thời hạn mã truy cập", "Token lifetime"),
        (_, "username") => ("Tên đăng nhập", "Username"),
        (_, "password" | "current_password") => ("Mật khẩu", "Password"),
        (_, "new_password") => ("Mật khẩu mới", "New password"),
        (_, "code") => ("Mã hồ sơ", "Dossier code"),
        (_, "pin") => ("Mã tra cứu", "Lookup PIN"),
        (_, "center_id") => ("Trung tâm", "Center"),
        (_, "procedure_code") => ("Thủ tục", "Procedure"),
        (_, "channel") => ("Kênh nộp", "Channel"),
        (_, "result_channel") => ("Hình thức nhận kết quả", "How the result is returned"),
        (_, "decision") => ("Quyết định tiếp nhận", "Intake decision"),
        (_, "kind") => ("Loại quyết định", "Kind of decision"),
        (_, "action") => ("Thao tác", "Action"),
        (_, "expected_seq") => ("Phiên bản hồ sơ đã xem", "Version of the dossier seen"),
        (_, "applicant_update_reason") => (
            "Lý do cập nhật thông tin người nộp",
            "Reason for changing the applicant's record",
        ),
        (_, "key") => ("CCCD hoặc số điện thoại", "CCCD or phone number"),
        (_, "Idempotency-Key") => ("Khóa chống gửi trùng", "Idempotency key"),
        _ => ("Dữ liệu gửi lên", "Request"),
    }
}

/// A field's error as the API answers it: its name in words, then the problem,
/// in Vietnamese and English.
pub fn invalid(field: &str, vi: impl AsRef<str>, en: impl AsRef<str>) -> WebError {
    let (lv, le) = label(field);
    WebError::invalid(
        field,
        format!("{lv}: {} / {le}: {}", vi.as_ref(), en.as_ref()),
    )
}

fn text_error(field: &str, e: TextError) -> WebError {
    invalid(field, e.describe(Locale::Vi), e.describe(Locale::En))
}

fn required(field: &str) -> WebError {
    invalid(field, "cần nhập", "must not be empty")
}

/// One line of text a person typed; empty is allowed.
pub fn line(field: &str, value: &str, max: usize) -> Result<String, WebError> {
    clean_line(value, max).map_err(|e| text_error(field, e))
}

/// One line of text that must not be empty.
pub fn required_line(field: &str, value: &str, max: usize) -> Result<String, WebError> {
    let v = line(field, value, max)?;
    if v.is_empty() {
        return Err(required(field));
    }
    Ok(v)
}

/// Several lines (a summary, a reason) that must not be empty.
pub fn required_text(field: &str, value: &str, max: usize) -> Result<String, WebError> {
    let v = clean_text(value, max).map_err(|e| text_error(field, e))?;
    if v.is_empty() {
        return Err(required(field));
    }
    Ok(v)
}

/// A whole number within bounds.
pub fn within(field: &str, value: u32, min: u32, max: u32) -> Result<u32, WebError> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(invalid(
            field,
            format!("phải từ {min} đến {}", crate::locale::num(&i64::from(max))),
            format!("must be between {min} and {max}"),
        ))
    }
}

/// A list no longer than `max` items.
pub fn at_most<T>(field: &str, items: &[T], max: usize) -> Result<(), WebError> {
    if items.len() > max {
        return Err(invalid(
            field,
            format!("nhiều nhất {max} mục (có {})", items.len()),
            format!("at most {max} items (has {})", items.len()),
        ));
    }
    Ok(())
}

/// A simple e-mail address: one `@`, a dot in the domain, no spaces.
pub fn email(field: &str, value: Option<&str>) -> Result<Option<String>, WebError> {
    let Some(v) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let v = line(field, v, max::EMAIL)?;
    let ok = v.split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
    }) && !v.contains(char::is_whitespace);
    if !ok {
        return Err(invalid(
            field,
            format!("\"{v}\" không phải địa chỉ thư điện tử"),
            format!("\"{v}\" is not an e-mail address"),
        ));
    }
    Ok(Some(v))
}
