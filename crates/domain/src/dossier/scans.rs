//! Digitization of a dossier's components: which ones must be scanned, which
//! are exempt and why, which are done, read from the dossier's own events.
//! A dossier is digitized when every component that must be scanned is.

use super::event::Event;
use super::lifecycle::Action;
use crate::labels::labelled_enum;
use crate::text::fold;

labelled_enum! {
    /// Why a component needs no scan (Circular 03/2025/TT-VPCP Art. 5): it
    /// came online as files already, the original was only shown (nothing
    /// kept to scan), or its content is confidential.
    Exemption {
        OnlineFiles = "online-files";
        OriginalShown = "original-shown";
        Confidential = "confidential";
    }
}

labelled_enum! {
    /// What a file on a dossier is: a scan of what the applicant handed in,
    /// or the result the agency issues electronically.
    FilePurpose {
        Scan = "scan";
        Result = "result";
        CertifiedCopy = "certified-copy";
    }
}

/// Where a component stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanStatus {
    /// Still to be scanned.
    Required,
    Exempt(Exemption),
    /// Scanned: the files (blob, file name, pages), and whether one of them
    /// was reused from an earlier dossier.
    Done {
        files: Vec<ScanFile>,
        reused: bool,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanFile {
    pub blob: String,
    pub file: String,
    pub pages: u32,
    /// The dossier the scan was first made for, when reused.
    pub reused_from: Option<String>,
}

/// One component and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentScan {
    pub component: String,
    pub status: ScanStatus,
}

/// A dossier's digitization: its components in order, then any scans filed
/// under a name that is not one of them (kept, not lost, but not counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Digitization {
    pub components: Vec<ComponentScan>,
    pub others: Vec<ComponentScan>,
}

impl Digitization {
    /// Folds the scan events over the components that must be digitized
    /// (the ones handed in, by name; the same name in capitals or without
    /// diacritics is the same component).
    pub fn of(components: &[String], events: &[Event]) -> Digitization {
        let mut all: Vec<ComponentScan> = components
            .iter()
            .map(|c| ComponentScan {
                component: c.clone(),
                status: ScanStatus::Required,
            })
            .collect();
        let known = all.len();
        for e in events {
            let (component, change) = match &e.action {
                Action::AttachScan {
                    component,
                    file,
                    blob,
                    pages,
                    reused_from,
                } => (
                    component,
                    Change::Add(ScanFile {
                        blob: blob.clone(),
                        file: file.clone(),
                        pages: *pages,
                        reused_from: reused_from.clone(),
                    }),
                ),
                Action::RemoveScan {
                    component, blob, ..
                } => (component, Change::Remove(blob.clone())),
                Action::ExemptScan { component, reason } => (component, Change::Exempt(*reason)),
                _ => continue,
            };
            let i = match all
                .iter()
                .position(|c| fold(&c.component) == fold(component))
            {
                Some(i) => i,
                None => {
                    all.push(ComponentScan {
                        component: component.clone(),
                        status: ScanStatus::Required,
                    });
                    all.len() - 1
                }
            };
            all[i].status =
                change.apply(std::mem::replace(&mut all[i].status, ScanStatus::Required));
        }
        let others = all.split_off(known);
        Digitization {
            components: all,
            others,
        }
    }

    /// Every component that must be scanned is (exempt ones need not be).
    pub fn complete(&self) -> bool {
        self.components
            .iter()
            .all(|c| !matches!(c.status, ScanStatus::Required))
    }

    /// Components scanned, exempt, and in all: for the dossier page and the queue.
    pub fn counts(&self) -> (usize, usize, usize) {
        let done = self
            .components
            .iter()
            .filter(|c| matches!(c.status, ScanStatus::Done { .. }))
            .count();
        let exempt = self
            .components
            .iter()
            .filter(|c| matches!(c.status, ScanStatus::Exempt(_)))
            .count();
        (done, exempt, self.components.len())
    }

    /// Whether any component was filled by reusing an earlier scan
    /// (Decision 766, indicator 4.3).
    pub fn reused(&self) -> bool {
        self.components
            .iter()
            .any(|c| matches!(c.status, ScanStatus::Done { reused: true, .. }))
    }
}

enum Change {
    Add(ScanFile),
    Remove(String),
    Exempt(Exemption),
}

impl Change {
    fn apply(self, status: ScanStatus) -> ScanStatus {
        let mut files = match status {
            ScanStatus::Done { files, .. } => files,
            _ => Vec::new(),
        };
        match self {
            // An exemption set after scans keeps them (they were made); a
            // scan after an exemption lifts it.
            Change::Exempt(reason) if files.is_empty() => return ScanStatus::Exempt(reason),
            Change::Exempt(_) => {}
            Change::Add(f) => {
                if !files.iter().any(|x| x.blob == f.blob) {
                    files.push(f);
                }
            }
            Change::Remove(blob) => files.retain(|f| f.blob != blob),
        }
        if files.is_empty() {
            ScanStatus::Required
        } else {
            let reused = files.iter().any(|f| f.reused_from.is_some());
            ScanStatus::Done { files, reused }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::Status;

    fn event(seq: i64, action: Action) -> Event {
        Event::next(
            None,
            "000.30.00.H92-261127-0001",
            jiff::Timestamp::from_second(1_800_000_000 + seq).unwrap(),
            None,
            "000.30.00.H92".parse().unwrap(),
            Some(Status::Accepted),
            Status::Accepted,
            action,
        )
    }

    fn attach(component: &str, blob: &str, reused: bool) -> Action {
        Action::AttachScan {
            component: component.into(),
            file: format!("{blob}.pdf"),
            blob: blob.into(),
            pages: 2,
            reused_from: reused.then(|| "000.30.00.H92-261001-0004".into()),
        }
    }

    #[test]
    fn a_dossier_is_digitized_when_every_required_component_is() {
        let components = ["Tờ khai".to_string(), "Giấy chứng sinh".to_string()];
        let mut events = vec![event(1, attach("TỜ KHAI", "a1", false))];
        let d = Digitization::of(&components, &events);
        assert_eq!(d.counts(), (1, 0, 2));
        assert!(!d.complete());
        events.push(event(
            2,
            Action::ExemptScan {
                component: "giay chung sinh".into(),
                reason: Exemption::OriginalShown,
            },
        ));
        let d = Digitization::of(&components, &events);
        assert!(d.complete());
        assert_eq!(d.counts(), (1, 1, 2));
        assert!(!d.reused());
    }

    #[test]
    fn removing_the_last_scan_makes_it_required_again_and_reuse_is_seen() {
        let components = ["Tờ khai".to_string()];
        let events = [
            event(1, attach("Tờ khai", "a1", false)),
            event(2, attach("Tờ khai", "a1", false)),
            event(
                3,
                Action::RemoveScan {
                    component: "Tờ khai".into(),
                    blob: "a1".into(),
                    reason: "nhầm trang".into(),
                    undigitizes: false,
                },
            ),
        ];
        let d = Digitization::of(&components, &events);
        assert_eq!(d.components[0].status, ScanStatus::Required);
        let d = Digitization::of(&components, &[event(4, attach("Tờ khai", "b2", true))]);
        assert!(d.complete() && d.reused());
    }

    #[test]
    fn scans_under_another_name_are_kept_apart_and_not_counted() {
        let d = Digitization::of(
            &["Tờ khai".to_string()],
            &[event(1, attach("Ảnh chân dung", "c3", false))],
        );
        assert!(!d.complete());
        assert_eq!(d.others.len(), 1);
        assert_eq!(d.others[0].component, "Ảnh chân dung");
    }
}
