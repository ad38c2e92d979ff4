//! The declaration forms motcua ships (`data/forms/*.json`): the tờ khai of
//! the civil-status procedures (Circular 04/2020/TT-BTP as amended by
//! Circular 04/2024/TT-BTP), the certification requests (Decree 23/2015/NĐ-CP)
//! and the social-assistance declaration (Decree 20/2021/NĐ-CP, Mẫu số 1a),
//! compiled in and read once per call.

use super::eform::FormDef;

/// The files, in the order [`all`] gives them.
const FILES: &[(&str, &str)] = &[
    (
        "tk-khai-sinh.json",
        include_str!("../../data/forms/tk-khai-sinh.json"),
    ),
    (
        "tk-ket-hon.json",
        include_str!("../../data/forms/tk-ket-hon.json"),
    ),
    (
        "tk-khai-tu.json",
        include_str!("../../data/forms/tk-khai-tu.json"),
    ),
    (
        "tk-nhan-cha-me-con.json",
        include_str!("../../data/forms/tk-nhan-cha-me-con.json"),
    ),
    (
        "tk-thay-doi-ho-tich.json",
        include_str!("../../data/forms/tk-thay-doi-ho-tich.json"),
    ),
    (
        "tk-xac-nhan-tthn.json",
        include_str!("../../data/forms/tk-xac-nhan-tthn.json"),
    ),
    (
        "tk-trich-luc.json",
        include_str!("../../data/forms/tk-trich-luc.json"),
    ),
    (
        "pyc-chung-thuc-ban-sao.json",
        include_str!("../../data/forms/pyc-chung-thuc-ban-sao.json"),
    ),
    (
        "pyc-chung-thuc-chu-ky.json",
        include_str!("../../data/forms/pyc-chung-thuc-chu-ky.json"),
    ),
    (
        "tk-tro-giup-xa-hoi.json",
        include_str!("../../data/forms/tk-tro-giup-xa-hoi.json"),
    ),
];

/// Which shipped form each procedure of the demo catalog asks for:
/// (procedure code, form code).
pub const DEMO_PROCEDURE_FORMS: &[(&str, &str)] = &[
    // Đăng ký khai sinh; khai sinh kết hợp nhận cha, mẹ, con.
    ("2.004001", "TK-KHAI-SINH"),
    ("2.004005", "TK-KHAI-SINH"),
    ("2.004002", "TK-KET-HON"),
    ("2.004003", "TK-KHAI-TU"),
    ("2.004004", "TK-NHAN-CHA-ME-CON"),
    ("2.004006", "TK-THAY-DOI-HO-TICH"),
    ("2.004011", "TK-XAC-NHAN-TTHN"),
    // Bản sao trích lục hộ tịch; bản sao Giấy khai sinh từ Sổ đăng ký khai sinh.
    ("2.004012", "TK-TRICH-LUC"),
    ("2.004035", "TK-TRICH-LUC"),
    ("2.004104", "PYC-CHUNG-THUC-BAN-SAO"),
    // Chữ ký trong giấy tờ, văn bản; chữ ký trong giấy ủy quyền.
    ("2.004105", "PYC-CHUNG-THUC-CHU-KY"),
    ("2.004119", "PYC-CHUNG-THUC-CHU-KY"),
    // Trợ cấp xã hội hàng tháng, hỗ trợ kinh phí chăm sóc, nuôi dưỡng hàng tháng.
    ("2.004502", "TK-TRO-GIUP-XA-HOI"),
];

fn parse(name: &str, json: &str) -> FormDef {
    // The files are compiled in and checked by this module's tests: a bad
    // one is a build mistake, never a user's.
    serde_json::from_str(json).unwrap_or_else(|e| panic!("shipped form {name}: {e}"))
}

/// Every shipped form, in a stable order (civil status, certification,
/// social assistance).
pub fn all() -> Vec<FormDef> {
    FILES.iter().map(|(name, json)| parse(name, json)).collect()
}

/// The shipped form with this code (`TK-KHAI-SINH`).
pub fn by_code(code: &str) -> Option<FormDef> {
    all().into_iter().find(|f| f.code == code)
}

/// The code of the shipped form the demo catalog's procedure asks for.
pub fn form_of_procedure(procedure: &str) -> Option<&'static str> {
    DEMO_PROCEDURE_FORMS
        .iter()
        .find(|(p, _)| *p == procedure)
        .map(|(_, f)| *f)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::eform::{FieldDef, FieldKind, Problem};
    use super::*;
    use serde_json::json;

    fn kinds(fields: &[FieldDef], out: &mut HashSet<&'static str>) {
        for f in fields {
            let kind = match &f.kind {
                FieldKind::Text { .. } => "text",
                FieldKind::Date => "date",
                FieldKind::Cccd => "cccd",
                FieldKind::Phone => "phone",
                FieldKind::Choice { .. } => "choice",
                FieldKind::Address => "address",
                FieldKind::Number { .. } => "number",
                FieldKind::Group { fields, .. } => {
                    kinds(fields, out);
                    "group"
                }
            };
            out.insert(kind);
        }
    }

    #[test]
    fn every_shipped_form_reads_and_passes_its_check() {
        let forms = all();
        assert_eq!(forms.len(), 10);
        for f in &forms {
            assert_eq!(f.check(), vec![], "{}", f.code);
            assert_eq!(
                f.title,
                f.title.to_uppercase(),
                "{} title as printed",
                f.code
            );
            assert!(f.title.starts_with("TỜ KHAI") || f.title.starts_with("PHIẾU YÊU CẦU"));
            for field in &f.fields {
                assert_eq!(field.label.trim(), field.label, "{}.{}", f.code, field.key);
                if let FieldKind::Text { max } = field.kind {
                    assert!(max <= 1000, "{}.{}", f.code, field.key);
                }
            }
        }
        // A file read strictly: the shipped JSON has no property the
        // definition ignores (a misspelt "requried" would be lost).
        for (name, json) in FILES {
            let raw: serde_json::Value = serde_json::from_str(json).unwrap();
            let again = serde_json::to_value(parse(name, json)).unwrap();
            assert_eq!(strip_defaults(raw), strip_defaults(again), "{name}");
        }
    }

    /// A definition without the properties left at their defaults.
    fn strip_defaults(mut v: serde_json::Value) -> serde_json::Value {
        fn walk(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::Object(m) => {
                    if m.get("required") == Some(&json!(false)) {
                        m.remove("required");
                    }
                    if m.get("help") == Some(&json!("")) {
                        m.remove("help");
                    }
                    if m.get("type") == Some(&json!("group")) && m.get("min") == Some(&json!(0)) {
                        m.remove("min");
                    }
                    m.values_mut().for_each(walk);
                }
                serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
                _ => {}
            }
        }
        walk(&mut v);
        v
    }

    #[test]
    fn codes_are_unique_and_found_by_code() {
        let forms = all();
        let codes: HashSet<&str> = forms.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes.len(), forms.len());
        for f in &forms {
            assert_eq!(by_code(&f.code).as_ref(), Some(f));
        }
        assert_eq!(by_code("TK-KHONG-CO"), None);
        assert_eq!(
            by_code("TK-KHAI-SINH").unwrap().title,
            "TỜ KHAI ĐĂNG KÝ KHAI SINH"
        );
    }

    #[test]
    fn every_field_type_is_used_and_three_forms_repeat_rows() {
        let mut used = HashSet::new();
        for f in all() {
            kinds(&f.fields, &mut used);
        }
        for k in [
            "text", "date", "cccd", "phone", "choice", "address", "number", "group",
        ] {
            assert!(used.contains(k), "no shipped form has a {k} field");
        }
        let with_groups = all()
            .iter()
            .filter(|f| {
                f.fields
                    .iter()
                    .any(|x| matches!(x.kind, FieldKind::Group { .. }))
            })
            .count();
        assert!(with_groups >= 3, "{with_groups}");
    }

    #[test]
    fn the_mapping_names_demo_procedures_and_shipped_forms() {
        let catalog = super::super::parse_csv(super::super::DEMO_CATALOG_CSV.as_bytes())
            .expect("demo catalog");
        let procedures: HashSet<String> = catalog
            .procedures
            .iter()
            .map(|p| p.code.to_string())
            .collect();
        let forms: HashSet<String> = all().into_iter().map(|f| f.code).collect();
        let mut seen = HashSet::new();
        for (procedure, form) in DEMO_PROCEDURE_FORMS {
            assert!(
                procedures.contains(*procedure),
                "{procedure} not in the demo catalog"
            );
            assert!(forms.contains(*form), "{form} not shipped");
            assert!(seen.insert(*procedure), "{procedure} mapped twice");
        }
        // Every shipped form serves some procedure.
        for f in &forms {
            assert!(
                DEMO_PROCEDURE_FORMS.iter().any(|(_, x)| x == f),
                "{f} serves nothing"
            );
        }
        // The demo catalog's form column says the same.
        for p in &catalog.procedures {
            assert_eq!(
                p.form.as_ref().map(|f| f.code.as_str()),
                form_of_procedure(p.code.as_str()),
                "{}",
                p.code
            );
        }
        assert_eq!(form_of_procedure("2.004005"), Some("TK-KHAI-SINH"));
        assert_eq!(form_of_procedure("9.999999"), None);
    }

    fn birth_filled() -> serde_json::Value {
        json!({
            "ho_ten_nguoi_yeu_cau": "Nguyễn Văn Hùng",
            "dinh_danh_nguoi_yeu_cau": "092090001234",
            "noi_cu_tru_nguoi_yeu_cau": "Số 25 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ",
            "quan_he": "Cha",
            "dien_thoai": "0912 345 678",
            "ho_ten": "Nguyễn Minh Khôi",
            "ngay_sinh": "2026-11-20",
            "gioi_tinh": "Nam",
            "dan_toc": "Kinh",
            "quoc_tich": "Việt Nam",
            "noi_sinh": "Bệnh viện Phụ sản thành phố Cần Thơ, phường Ninh Kiều, thành phố Cần Thơ",
            "que_quan": "Xã Phong Điền, thành phố Cần Thơ",
            "ho_ten_me": "Trần Thị Ngọc Hân",
            "nam_sinh_me": 1996,
            "dan_toc_me": "Kinh",
            "quoc_tich_me": "Việt Nam",
            "noi_cu_tru_me": "Số 25 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ",
            "dinh_danh_me": "092196005678",
            "ho_ten_cha": "Nguyễn Văn Hùng",
            "nam_sinh_cha": "1994",
            "dan_toc_cha": "Kinh",
            "quoc_tich_cha": "Việt Nam",
            "noi_cu_tru_cha": "Số 25 đường Mậu Thân, phường Ninh Kiều, thành phố Cần Thơ",
            "dinh_danh_cha": "092094001234",
            "so_ban_sao": 2
        })
    }

    #[test]
    fn a_filled_birth_declaration_is_kept() {
        let form = by_code("TK-KHAI-SINH").unwrap();
        let values = form.fill(&birth_filled()).expect("a right declaration");
        assert_eq!(values["ho_ten"], "Nguyễn Minh Khôi");
        assert_eq!(values["nam_sinh_cha"], 1994);
        assert_eq!(values["dien_thoai"], "0912345678");
        assert_eq!(values["so_ban_sao"], 2);
        // A child whose father is not known yet: his part left blank.
        let mut no_father = birth_filled();
        for k in [
            "ho_ten_cha",
            "nam_sinh_cha",
            "dan_toc_cha",
            "quoc_tich_cha",
            "noi_cu_tru_cha",
            "dinh_danh_cha",
        ] {
            no_father.as_object_mut().unwrap().remove(k);
        }
        assert!(form.fill(&no_father).is_ok());
    }

    #[test]
    fn a_wrong_birth_declaration_names_each_problem() {
        let form = by_code("TK-KHAI-SINH").unwrap();
        let mut wrong = birth_filled();
        let w = wrong.as_object_mut().unwrap();
        w.remove("ho_ten");
        w.insert("ngay_sinh".into(), json!("30/02/2026"));
        w.insert("gioi_tinh".into(), json!("Trai"));
        w.insert("dinh_danh_me".into(), json!("09219600"));
        w.insert("dien_thoai".into(), json!("12345"));
        w.insert("nam_sinh_me".into(), json!(1850));
        w.insert("so_ban_sao".into(), json!("hai"));
        w.insert("ten_goi_khac".into(), json!("Bi"));
        let problems: Vec<(String, Problem)> = form
            .fill(&wrong)
            .unwrap_err()
            .into_iter()
            .map(|p| (p.path, p.problem))
            .collect();
        for expected in [
            ("ho_ten", Problem::Required),
            ("ngay_sinh", Problem::NotADate),
            ("gioi_tinh", Problem::NotAnOption),
            ("dinh_danh_me", Problem::NotACccd),
            ("dien_thoai", Problem::NotAPhone),
            (
                "nam_sinh_me",
                Problem::OutOfRange {
                    min: 1900,
                    max: 2100,
                },
            ),
            ("so_ban_sao", Problem::NotANumber),
            ("ten_goi_khac", Problem::Unknown),
        ] {
            let expected = (expected.0.to_string(), expected.1);
            assert!(problems.contains(&expected), "{expected:?} in {problems:?}");
        }
        assert_eq!(problems.len(), 8, "{problems:?}");
    }

    #[test]
    fn a_copy_request_lists_its_documents() {
        let form = by_code("PYC-CHUNG-THUC-BAN-SAO").unwrap();
        let ok = form
            .fill(&json!({
                "ho_ten": "Lê Thị Thu Trang",
                "dinh_danh": "092185003344",
                "giay_to": [
                    { "ten_giay_to": "Bằng tốt nghiệp trung học phổ thông", "so_trang": 1, "so_ban_sao": 3 },
                    { "ten_giay_to": "Học bạ trung học phổ thông", "co_quan_cap": "Trường THPT Châu Văn Liêm", "so_trang": "12", "so_ban_sao": 1 }
                ]
            }))
            .unwrap();
        assert_eq!(ok["giay_to"][1]["so_trang"], 12);
        let problems: Vec<(String, Problem)> = form
            .fill(
                &json!({ "ho_ten": "Lê Thị Thu Trang", "dinh_danh": "092185003344",
                "giay_to": [ { "ten_giay_to": "Học bạ", "so_trang": 0 } ] }),
            )
            .unwrap_err()
            .into_iter()
            .map(|p| (p.path, p.problem))
            .collect();
        assert_eq!(
            problems,
            vec![
                (
                    "giay_to[0].so_trang".to_string(),
                    Problem::OutOfRange { min: 1, max: 500 }
                ),
                ("giay_to[0].so_ban_sao".to_string(), Problem::Required),
            ]
        );
        // No document at all: the list is required.
        let none = form
            .fill(&json!({ "ho_ten": "Lê Thị Thu Trang", "dinh_danh": "092185003344" }))
            .unwrap_err();
        assert_eq!(none[0].path, "giay_to");
        assert_eq!(none[0].problem, Problem::Required);
    }
}
