//! The demo province's organisation: units, agencies, centers, staff and accounts.

use motcua_domain::org::*;
use motcua_domain::text::fold;
use motcua_domain::AgencyCode;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::names::*;

/// The one password of every demo account, printed when the demo starts.
pub const DEMO_PASSWORD: &str = "motcua-demo";

/// The province's level-1 identifier group (Decision 20/2020 form `Xnn`). Demo value.
pub const PROVINCE_GROUP: &str = "H92";

/// Postal employees placed at commune/ward centers and at reception point No. 01.
pub const POSTAL_AT_COMMUNES: usize = 43;
pub const POSTAL_AT_PROVINCE: usize = 4;

#[derive(Debug, Clone)]
pub struct DemoCenter {
    pub center: NewCenter,
    /// A short ASCII name used in demo usernames: `ninhkieu`.
    pub slug: String,
    /// A commune-level center (false for the provincial center and its point).
    pub commune: bool,
}

#[derive(Debug, Clone)]
pub struct DemoPerson {
    pub staff: NewStaff,
    pub account: NewAccount,
    /// Index into [`DemoOrg::centers`] and the role held there.
    pub posting: Option<(usize, Role)>,
}

#[derive(Debug, Clone)]
pub struct DemoOrg {
    pub province: NewProvince,
    pub units: Vec<NewUnit>,
    pub agencies: Vec<NewAgency>,
    pub centers: Vec<DemoCenter>,
    pub people: Vec<DemoPerson>,
}

impl DemoOrg {
    /// One login per role, to print for people trying the demo; officers are
    /// taken from a commune center, where most of the work is.
    pub fn sample_logins(&self) -> Vec<(Role, String)> {
        let at_commune = |p: &&DemoPerson| p.posting.is_none_or(|(c, _)| self.centers[c].commune);
        Role::ALL
            .iter()
            .filter_map(|role| {
                let holders = || {
                    self.people
                        .iter()
                        .filter(|p| p.account.roles.first() == Some(role))
                };
                holders()
                    .find(at_commune)
                    .or_else(|| holders().next())
                    .map(|p| (*role, p.account.username.clone()))
            })
            .collect()
    }
}

pub(crate) fn person_name(rng: &mut impl Rng) -> String {
    let male = rng.random_bool(0.5);
    let (middle, given) = if male {
        (MALE_MIDDLE, MALE_GIVEN)
    } else {
        (FEMALE_MIDDLE, FEMALE_GIVEN)
    };
    format!(
        "{} {} {}",
        SURNAMES.choose(rng).expect("names"),
        middle.choose(rng).expect("names"),
        given.choose(rng).expect("names")
    )
}

pub(crate) fn phone(rng: &mut impl Rng) -> motcua_domain::person::Phone {
    let prefix = [
        "090", "091", "093", "094", "096", "097", "098", "070", "077", "079", "083", "085",
    ]
    .choose(rng)
    .expect("prefixes");
    format!("{prefix}{:07}", rng.random_range(0..10_000_000))
        .parse()
        .expect("well-formed phone")
}

fn agency(group: u32, unit: u32) -> AgencyCode {
    format!("000.{group:02}.{unit:02}.{PROVINCE_GROUP}")
        .parse()
        .expect("well-formed agency identifier")
}

/// The provincial center and its reception point also open on Saturday mornings.
fn saturday_morning() -> motcua_calendar::OfficeHours {
    "T2-T6 07:00-11:30 13:30-17:00; T7 07:30-11:30"
        .parse()
        .expect("valid office hours")
}

/// Provincial departments whose procedures commune centers also receive.
const DEPARTMENTS: &[&str] = &[
    "Sở Tư pháp",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Văn phòng đăng ký đất đai thành phố",
];

/// Plans a province with `communes` commune-level units (each with its center),
/// the provincial center and its reception point No. 01, and their staff.
pub fn plan(communes: usize, seed: u64) -> DemoOrg {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let province = NewProvince {
        code: "92".into(),
        name: "Thành phố Cần Thơ".into(),
    };

    let mut units = Vec::new();
    let mut agencies: Vec<NewAgency> = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(i, name)| NewAgency {
            code: agency(0, i as u32 + 1),
            name: (*name).into(),
            level: Level::Province,
            unit_code: None,
        })
        .collect();
    let provincial = agency(0, 50);
    agencies.push(NewAgency {
        code: provincial.clone(),
        name: "Trung tâm Phục vụ hành chính công thành phố Cần Thơ".into(),
        level: Level::Province,
        unit_code: None,
    });

    let mut centers = vec![
        DemoCenter {
            center: NewCenter {
                name: "Trung tâm Phục vụ hành chính công thành phố Cần Thơ".into(),
                kind: CenterKind::Center,
                agency: provincial.clone(),
                unit_code: None,
                address: "Số 2 Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ".into(),
                office_hours: saturday_morning(),
            },
            slug: "tinh".into(),
            commune: false,
        },
        DemoCenter {
            center: NewCenter {
                name: "Điểm tiếp nhận và trả kết quả số 01".into(),
                kind: CenterKind::ReceptionPoint,
                agency: provincial,
                unit_code: None,
                address: "Số 1 Trần Hưng Đạo, phường Sóc Trăng, thành phố Cần Thơ".into(),
                office_hours: saturday_morning(),
            },
            slug: "diem01".into(),
            commune: false,
        },
    ];

    let mut slugs = std::collections::HashSet::new();
    let (mut wards_used, mut communes_used) = (0, 0);
    for i in 0..communes {
        // About three wards in ten, as in the real city (31 of 103).
        let ward = (i % 10 < 3 && wards_used < WARDS.len()) || communes_used >= COMMUNES.len();
        let (kind, base) = if ward {
            wards_used += 1;
            (UnitKind::Phuong, WARDS[(wards_used - 1) % WARDS.len()])
        } else {
            communes_used += 1;
            (UnitKind::Xa, COMMUNES[communes_used - 1])
        };
        let mut name = base.to_string();
        let mut slug = fold(base).replace(' ', "");
        let mut n = 2;
        while !slugs.insert(slug.clone()) {
            name = format!("{base} {n}");
            slug = format!("{}{n}", fold(base).replace(' ', ""));
            n += 1;
        }
        let unit_code = format!("{:05}", 31000 + i);
        let full = format!("{} {name}", kind.label(motcua_domain::Locale::Vi));
        units.push(NewUnit {
            code: unit_code.clone(),
            name: full.clone(),
            kind,
        });
        let code = agency(30 + (i / 100) as u32, (i % 100) as u32);
        agencies.push(NewAgency {
            code: code.clone(),
            name: format!("Ủy ban nhân dân {}", full.to_lowercase_first()),
            level: Level::Commune,
            unit_code: Some(unit_code.clone()),
        });
        let street = STREETS.choose(&mut rng).expect("streets");
        centers.push(DemoCenter {
            center: NewCenter {
                name: format!(
                    "Trung tâm Phục vụ hành chính công {}",
                    full.to_lowercase_first()
                ),
                kind: CenterKind::Center,
                agency: code,
                unit_code: Some(unit_code),
                address: format!(
                    "Số {} {street}, {}, thành phố Cần Thơ",
                    rng.random_range(1..300),
                    full.to_lowercase_first()
                ),
                office_hours: Default::default(),
            },
            slug,
            commune: true,
        });
    }

    let mut people = Vec::new();
    let mut person = |rng: &mut ChaCha8Rng,
                      username: String,
                      roles: Vec<Role>,
                      employer: Employer,
                      title: &str,
                      posting: Option<(usize, Role)>| {
        people.push(DemoPerson {
            staff: NewStaff {
                full_name: person_name(rng),
                employer,
                phone: Some(phone(rng)),
                email: None,
                title: title.into(),
            },
            account: NewAccount {
                username,
                password_hash: String::new(),
                roles,
            },
            posting,
        });
    };
    person(
        &mut rng,
        "admin".into(),
        vec![Role::Admin],
        Employer::CivilService,
        "Quản trị hệ thống",
        None,
    );
    person(
        &mut rng,
        "giamsat.tinh".into(),
        vec![Role::Supervisor],
        Employer::CivilService,
        "Chuyên viên Văn phòng UBND thành phố",
        None,
    );
    person(
        &mut rng,
        "giamsat.buudien".into(),
        vec![Role::Supervisor],
        Employer::Vnpost,
        "Phó Giám đốc Bưu điện thành phố",
        None,
    );
    for g in 1..=5 {
        person(
            &mut rng,
            format!("kiemtra{g}"),
            vec![Role::Inspector],
            Employer::Vnpost,
            &format!("Trưởng tổ công tác số {g}"),
            None,
        );
    }
    for (ci, c) in centers.iter().enumerate() {
        let s = &c.slug;
        let lead_title = if c.commune {
            "Phó Chủ tịch Ủy ban nhân dân"
        } else {
            "Giám đốc Trung tâm"
        };
        if c.center.kind == CenterKind::Center {
            person(
                &mut rng,
                format!("lanhdao.{s}"),
                vec![Role::Leader],
                Employer::CivilService,
                lead_title,
                Some((ci, Role::Leader)),
            );
            for k in 1..=2 {
                person(
                    &mut rng,
                    format!("chuyenvien{k}.{s}"),
                    vec![Role::Specialist],
                    Employer::CivilService,
                    "Công chức",
                    Some((ci, Role::Specialist)),
                );
            }
        }
        for k in 1..=2 {
            person(
                &mut rng,
                format!("tiepnhan{k}.{s}"),
                vec![Role::Reception],
                Employer::CivilService,
                "Công chức tiếp nhận",
                Some((ci, Role::Reception)),
            );
        }
    }
    let commune_centers: Vec<usize> = (0..centers.len()).filter(|&i| centers[i].commune).collect();
    for &ci in commune_centers.iter().take(POSTAL_AT_COMMUNES) {
        let s = centers[ci].slug.clone();
        person(
            &mut rng,
            format!("buudien.{s}"),
            vec![Role::Postal],
            Employer::Vnpost,
            "Nhân viên bưu điện",
            Some((ci, Role::Postal)),
        );
    }
    for k in 1..=POSTAL_AT_PROVINCE {
        person(
            &mut rng,
            format!("buudien{k}.diem01"),
            vec![Role::Postal],
            Employer::Vnpost,
            "Nhân viên bưu điện",
            Some((1, Role::Postal)),
        );
    }
    DemoOrg {
        province,
        units,
        agencies,
        centers,
        people,
    }
}

trait LowerFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowerFirst for String {
    /// "Phường Ninh Kiều" → "phường Ninh Kiều", as written mid-sentence.
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(c) => c.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hundred_communes_with_47_postal_employees() {
        let org = plan(100, 7);
        assert_eq!(org.units.len(), 100);
        assert_eq!(org.centers.len(), 102);
        let postal: Vec<_> = org
            .people
            .iter()
            .filter(|p| p.staff.employer == Employer::Vnpost && p.account.roles == [Role::Postal])
            .collect();
        assert_eq!(postal.len(), 47);
        assert_eq!(
            postal
                .iter()
                .filter(|p| p.posting.is_some_and(|(c, _)| c == 1))
                .count(),
            4
        );
        let usernames: std::collections::HashSet<_> =
            org.people.iter().map(|p| &p.account.username).collect();
        assert_eq!(usernames.len(), org.people.len(), "usernames are unique");
        let codes: std::collections::HashSet<_> = org.agencies.iter().map(|a| &a.code).collect();
        assert_eq!(codes.len(), org.agencies.len());
        assert!(
            org.units.iter().any(|u| u.kind == UnitKind::Phuong)
                && org.units.iter().any(|u| u.kind == UnitKind::Xa)
        );
        assert_eq!(
            org.centers[2].center.name,
            "Trung tâm Phục vụ hành chính công phường Ninh Kiều"
        );
        let roles: Vec<Role> = org.sample_logins().into_iter().map(|(r, _)| r).collect();
        assert_eq!(roles, Role::ALL.to_vec(), "every role has a demo login");
        assert!(org
            .sample_logins()
            .contains(&(Role::Reception, "tiepnhan1.ninhkieu".into())));
    }

    #[test]
    fn same_seed_same_province() {
        let a = plan(20, 1);
        let b = plan(20, 1);
        let c = plan(20, 2);
        let names = |o: &DemoOrg| {
            o.people
                .iter()
                .map(|p| p.staff.full_name.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
        assert_ne!(names(&a), names(&c));
    }

    #[test]
    fn more_communes_than_names_stay_unique() {
        let org = plan(250, 1);
        let names: std::collections::HashSet<_> = org.units.iter().map(|u| &u.name).collect();
        assert_eq!(names.len(), 250);
    }
}
