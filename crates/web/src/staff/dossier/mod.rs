//! The dossier page: its timeline, its forms and the actions this user may
//! take now.

pub mod action;
pub mod certify;
pub mod offers;
pub mod result;
pub mod ship;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::Timestamp;
use motcua_domain::dossier::lifecycle::{Action, Rules};
use motcua_domain::org::Role;
use motcua_domain::Locale;
use motcua_store::{AccountId, DossierRecord, Event};
use serde::Deserialize;

use crate::auth::PageUser;
use crate::locale::Lang;
use crate::staff::list::light;
use crate::staff::{html, when, Bar};
use crate::{AppState, WebError};
use offers::{sample, Offer, Typed, DESTRUCTIVE, OFFERS};

/// A notice to the citizen as the dossier page lists it, with every try.
pub struct NoticeLine {
    pub written: String,
    pub kind: &'static str,
    pub channel: String,
    pub to: String,
    pub state: String,
    pub tries: Vec<String>,
}

#[derive(Template)]
#[template(path = "dossier.html")]
struct DossierPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    d: DossierRecord,
    /// The applicant as this reader may see them.
    applicant: crate::privacy::ShownApplicant,
    procedure: String,
    status: &'static str,
    light: &'static str,
    light_label: &'static str,
    events: Vec<Event>,
    offers: Vec<Offer>,
    forms: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    handling_agency: String,
    /// The handling agency by name (its code if it has none).
    handling_name: String,
    /// Every agency, for a hand-over: (code, name).
    agencies: Vec<(String, String)>,
    /// Specialists of the handling agency, for a hand-over to a person.
    specialists: Vec<(AccountId, String)>,
    /// Staff names by account id, for the timeline.
    names: std::collections::HashMap<AccountId, String>,
    /// The officer the dossier is assigned to, by name.
    assignee: Option<String>,
    /// The result drafted and waiting for approval: summary, by whom, when.
    draft: Option<(String, String, String)>,
    typed: Typed,
    /// The label of the action waiting for confirmation.
    confirm_label: &'static str,
    /// A dossier just received at the counter: its receipt opens to print.
    just_received: bool,
    /// Components scanned, exempt, in all; the scans with a thumbnail.
    scanned: (usize, usize, usize),
    thumbs: Vec<(i64, String)>,
    /// The result file attached for the electronic result, by name.
    result_file: Option<String>,
    /// The user settles this dossier and may attach its result file now.
    can_attach_result: bool,
    /// The certification of copies, for a procedure that certifies them.
    certification: Option<CertificationBlock>,
    /// The result by post: its parcels, and the form to send it.
    postal: Option<PostalBlock>,
    /// What the citizen was told: (when, what, how, to whom, state).
    notices: Vec<NoticeLine>,
    /// The citizen's ratings: (when, stage, rating, by whom served, how).
    ratings: Vec<(String, &'static str, &'static str, String, String)>,
    /// The link the citizen rates by, for those who handle the dossier.
    rating_link: Option<String>,
    /// The filled declaration's form code, for those who handle the dossier.
    declaration: Option<String>,
    /// Opinions and complaints sent about this dossier: (code, status).
    feedback: Vec<(String, &'static str)>,
}

/// The dossier page's block of the result by post.
struct PostalBlock {
    parcels: Vec<ParcelLine>,
    /// The user may send the result by post now.
    can_ship: bool,
    /// What the form starts with: the applicant's address and phone.
    address: String,
    phone: String,
    postage: String,
}

struct ParcelLine {
    tracking: String,
    state: &'static str,
    state_label: &'static str,
    receiver: String,
    updates: Vec<(String, &'static str, String, bool)>,
    proof_url: Option<String>,
}

async fn postal_block(
    state: &AppState,
    l: Locale,
    p: &crate::auth::Principal,
    d: &DossierRecord,
) -> Result<Option<PostalBlock>, WebError> {
    let parcels = state.store.deliveries(d.id).await?;
    let can_ship = d
        .state
        .decide(
            &Action::ShipByPost {
                receiver: "-".into(),
                address: "-".into(),
                tracking: None,
                postage: motcua_domain::Vnd::ZERO,
                cod: motcua_domain::Vnd::ZERO,
            },
            &p.roles_for(d),
            &Rules::default(),
        )
        .is_ok();
    let by_post = d.details.result_channel == motcua_store::ResultChannel::Post;
    if parcels.is_empty() && !(can_ship && by_post) {
        return Ok(None);
    }
    let full = p.handles(d);
    let mut lines = Vec::with_capacity(parcels.len());
    for parcel in &parcels {
        let updates = state.store.delivery_updates(parcel.id).await?;
        lines.push(ParcelLine {
            tracking: parcel
                .tracking
                .clone()
                .unwrap_or_else(|| l.t("postal-no-tracking-yet").to_string()),
            state: parcel.state.code(),
            state_label: parcel.state.label(l),
            receiver: if full {
                format!(
                    "{}, {}, {} · {}",
                    parcel.receiver_name,
                    parcel.receiver_address,
                    parcel.receiver_ward,
                    parcel.receiver_phone
                )
            } else {
                format!("{}, {}", parcel.receiver_name, parcel.receiver_ward)
            },
            updates: updates
                .iter()
                .map(|u| {
                    (
                        when(u.update.at),
                        u.update.state.label(l),
                        u.update.note.clone(),
                        u.outcome == "applied",
                    )
                })
                .collect(),
            proof_url: parcel
                .proof_blob
                .as_ref()
                .map(|_| format!("/api/v1/deliveries/{}/proof", parcel.id)),
        });
    }
    let postage = state.carrier.as_ref().map_or(
        motcua_domain::Vnd(crate::cases::postal::DEFAULT_POSTAGE),
        |c| c.postage,
    );
    Ok(Some(PostalBlock {
        parcels: lines,
        can_ship,
        address: if full {
            d.applicant.address.clone()
        } else {
            String::new()
        },
        phone: if full {
            d.applicant
                .phone
                .as_ref()
                .map(|x| x.to_string())
                .unwrap_or_default()
        } else {
            String::new()
        },
        postage: postage.to_string(),
    }))
}

/// The dossier page's certification block.
struct CertificationBlock {
    lines: Vec<CertLine>,
    /// The scans of originals to certify from: (attachment id, label), when
    /// this user may certify now.
    scans: Vec<(i64, String)>,
    /// The fee rule in words.
    fee_rule: String,
    /// This month's register book of the center, as PDF.
    register_url: String,
    /// The user may certify, but the original is not scanned yet.
    scan_first: bool,
}

struct CertLine {
    number_line: String,
    document: String,
    copies: u32,
    pages: u32,
    fee: String,
    certifier: String,
    at: String,
    copy_url: Option<String>,
    verify_url: String,
}

async fn certification_block(
    state: &AppState,
    p: &crate::auth::Principal,
    d: &DossierRecord,
    scans: &crate::cases::scans::ScansView,
    now: Timestamp,
) -> Result<Option<CertificationBlock>, WebError> {
    use motcua_domain::catalog::FeeRule;
    use motcua_domain::dossier::certify;
    let procedure = state
        .store
        .procedure_versions(&d.procedure_code)
        .await?
        .into_iter()
        .find(|v| v.id == d.procedure_version_id)
        .map(|v| v.procedure);
    let lines = crate::cases::certify::of_dossier(state, d).await?;
    let Some(procedure) = procedure.filter(|x| certify::certifies_copies(x) || !lines.is_empty())
    else {
        return Ok(None);
    };
    let fee_rule = match &procedure.fee {
        FeeRule::PerPage {
            first,
            from_page,
            then,
            cap,
        } => {
            let mut t = format!("{first} một trang, từ trang {from_page}: {then}");
            if let Some(cap) = cap {
                t.push_str(&format!(", tối đa {cap} một bản"));
            }
            t
        }
        _ => String::new(),
    };
    let may =
        crate::cases::certify::may_certify(p, d).is_ok() && certify::certifies_copies(&procedure);
    let scan_first = may && scans.attachments.is_empty();
    let scans = if may {
        scans
            .attachments
            .iter()
            .map(|a| {
                (
                    a.id.0,
                    format!(
                        "{} · {} · {} trang — {} một bản",
                        a.component,
                        a.file_name,
                        a.pages,
                        certify::fee(&procedure.fee, a.pages, 1)
                    ),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let today = motcua_calendar::from_timestamp(now).date();
    let register_url = format!(
        "/api/v1/centers/{}/certification-register?from={}&to={}",
        d.center_id,
        today.first_of_month(),
        today
    );
    let code = crate::auth::urlencode(&d.code.to_string());
    let lines = lines
        .iter()
        .map(|c| CertLine {
            number_line: crate::cases::certify::number_line(&c.register),
            document: c.document.clone(),
            copies: c.copies,
            pages: c.pages,
            fee: c.fee.to_string(),
            certifier: if c.certifier_title.is_empty() {
                c.certifier_name.clone()
            } else {
                format!("{} ({})", c.certifier_name, c.certifier_title)
            },
            at: when(c.at),
            copy_url: c.copy_blob.as_ref().map(|_| {
                format!(
                    "/api/v1/dossiers/{code}/certifications/{}/{}/copy",
                    c.register.year, c.register.number
                )
            }),
            verify_url: format!("/xac-minh/{}", c.token),
        })
        .collect();
    Ok(Some(CertificationBlock {
        lines,
        scans,
        fee_rule,
        register_url,
        scan_first,
    }))
}

impl DossierPage {
    fn when(&self, t: &Timestamp) -> String {
        when(*t)
    }
    fn actor(&self, e: &Event) -> String {
        if matches!(e.action, Action::PostalUpdate { .. }) {
            return self.l.t("postal-carrier").to_string();
        }
        e.actor.as_ref().map_or_else(
            || self.l.t("citizen").to_string(),
            |a| {
                let name = self.names.get(&a.account_id).unwrap_or(&a.username);
                format!("{name} ({})", a.role.label(self.l))
            },
        )
    }
    fn has(&self, o: &Offer, field: &str) -> bool {
        o.fields.contains(&field)
    }
    /// What was typed into this action's `field`, or `default`.
    fn typed(&self, o: &Offer, field: &str, default: &str) -> String {
        let t = &self.typed;
        let kept = match field {
            "reason" => &t.reason,
            "summary" => &t.summary,
            "items" => &t.items,
            "received_by" => &t.received_by,
            "to_agency" => &t.to_agency,
            "to_account" => &t.to_account,
            "appointment" => &t.appointment,
            _ => return default.to_string(),
        };
        if t.action == o.action && !kept.is_empty() {
            kept.clone()
        } else {
            default.to_string()
        }
    }
    /// What the postal form shows: what was typed, else `default`.
    fn ship_typed(&self, field: &str, default: &str) -> String {
        let t = &self.typed;
        let kept = match field {
            "ward" => &t.ship_ward,
            "address" => &t.ship_address,
            "phone" => &t.ship_phone,
            "cod" => &t.ship_cod,
            _ => return default.to_string(),
        };
        if t.action == "ship-by-post" {
            kept.clone()
        } else {
            default.to_string()
        }
    }
    /// What the certification form shows: what was typed, else `default`.
    fn cert_typed(&self, field: &str, default: &str) -> String {
        let t = &self.typed;
        let kept = match field {
            "scan" => &t.cert_scan,
            "pages" => &t.cert_pages,
            "copies" => &t.cert_copies,
            _ => return default.to_string(),
        };
        if t.action == "certify" {
            kept.clone()
        } else {
            default.to_string()
        }
    }
    /// The dossier was received by a postal employee: its slip prints.
    fn postal_intake(&self) -> bool {
        self.events
            .first()
            .is_some_and(|e| matches!(e.action, Action::PostalIntake { .. }))
    }

    fn seq(&self) -> i64 {
        self.typed.expected_seq.unwrap_or(self.d.last_seq)
    }
}

pub(crate) async fn dossier_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    error: Option<String>,
    typed: Typed,
    just_received: bool,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let now = state.now();
    let d = crate::cases::readable(state, p, code).await?;
    let scans = crate::cases::scans::view_of(state, p, d.clone()).await?;
    let result_file = crate::cases::results::result_file(state, &d)
        .await?
        .map(|a| a.file_name);
    let can_attach_result = d
        .state
        .decide(
            &motcua_domain::dossier::lifecycle::Action::AttachResult {
                file: String::new(),
                blob: String::new(),
                pages: 0,
            },
            &p.roles_for(&d),
            &Default::default(),
        )
        .is_ok();
    let certification = certification_block(state, p, &d, &scans, now).await?;
    let postal = postal_block(state, l, p, &d).await?;
    let full = p.handles(&d);
    let rated = state.store.ratings_of_dossier(d.id).await?;
    let rating_link = if full
        && d.state
            .status
            .and_then(motcua_domain::queue::rating::RatingStage::for_status)
            .is_some()
    {
        Some(crate::cases::ratings::link_path(state, &d.code).await?)
    } else {
        None
    };
    let ratings = rated
        .iter()
        .map(|r| {
            (
                super::when(r.created_at),
                r.stage.label(l),
                r.rating.label(l),
                r.officer_name.clone().unwrap_or_default(),
                r.via.clone(),
            )
        })
        .collect();
    let feedback = state
        .store
        .feedback_list(&motcua_store::FeedbackFilter {
            dossier_id: Some(d.id),
            limit: 50,
            ..Default::default()
        })
        .await?
        .into_iter()
        .map(|f| (f.code, f.workflow.status.label(l)))
        .collect();
    let tries = state.store.notice_attempts(d.id).await?;
    let notices = state
        .store
        .notices(d.id)
        .await?
        .into_iter()
        .map(|n| {
            let attempts = tries
                .iter()
                .filter(|a| a.notice_id == n.id)
                .map(|a| crate::cases::notify::attempt_line(l, a))
                .collect();
            let kind = n
                .kind
                .parse::<motcua_domain::dossier::notice::NoticeKind>()
                .map_or("", |k| k.label(l));
            let to = if full {
                n.recipient.clone()
            } else {
                "***".into()
            };
            let state = match n.state.as_str() {
                "sent" => l.t("notice-sent").to_string(),
                "skipped" => l.t("notice-skipped").to_string(),
                "failed" => format!(
                    "{}: {}",
                    l.t("notice-failed"),
                    n.last_error.unwrap_or_default()
                ),
                _ => format!("{} ({})", l.t("notice-queued"), when(n.send_after)),
            };
            NoticeLine {
                written: when(n.created_at),
                kind,
                channel: n.channel,
                to,
                state,
                tries: attempts,
            }
        })
        .collect();
    let (applicant, full) = crate::privacy::applicant_for(state, p, &d, "page:dossier").await?;
    // The declaration is personal data: only for those who see the applicant.
    let declaration = d
        .details
        .declaration
        .as_ref()
        .filter(|_| full)
        .map(|x| x.form.clone());
    let center = state
        .store
        .center(d.center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let (light_class, light_label) = light(
        crate::cases::standing(&state.calendar(&center.office_hours), &d, now),
        l,
    );
    let events = state.store.events(d.id).await?;
    let roles = p.roles_for(&d);
    let offers = OFFERS
        .iter()
        .filter(|(name, ..)| {
            sample(name, &d, now)
                .is_some_and(|a| d.state.decide(&a, &roles, &Rules::default()).is_ok())
        })
        .map(|(action, key, fields)| Offer {
            action,
            label: match *action {
                // Drafted already: the button changes the draft on show.
                "draft-result" if d.state.result_drafted => l.t("change-the-draft"),
                _ => l.t(key),
            },
            fields,
            danger: DESTRUCTIVE.contains(action),
        })
        .collect::<Vec<_>>();
    let mut forms = vec![];
    let has = |f: fn(&Action) -> bool| events.iter().any(|e| f(&e.action));
    if has(|a| matches!(a, Action::Accept { .. })) {
        forms.push(("01", l.t("form-01-receipt-and-appointment")));
    }
    if has(|a| matches!(a, Action::RequestSupplement { .. })) {
        forms.push(("02", l.t("form-02-request-for-a")));
    }
    if has(|a| matches!(a, Action::Refuse { .. })) {
        forms.push(("03", l.t("form-03-refusal-to-receive")));
    }
    if has(|a| matches!(a, Action::Extend { .. })) {
        forms.push(("04", l.t("form-04-apology-and-new")));
    }
    if has(|a| matches!(a, Action::Stop { .. } | Action::Withdraw { .. })) {
        forms.push(("05", l.t("form-05-notice-of-stopping")));
    }
    forms.push(("06", l.t("form-06-processing-control-record")));
    let handling = d
        .state
        .agency
        .clone()
        .unwrap_or_else(|| d.agency_code.clone());
    let today = motcua_calendar::from_timestamp(now).date();
    let mut specialists = Vec::new();
    for c in state
        .store
        .centers()
        .await?
        .into_iter()
        .filter(|c| c.agency_code == handling)
    {
        for s in state.store.staff_at(c.id, today).await? {
            if let (Role::Specialist, Some(account)) = (s.role, s.account_id) {
                specialists.push((account, s.full_name));
            }
        }
    }
    // Everyone the page names (the timeline's officers, the assignee), in one read.
    let mut names = crate::forms::account_names(state, &events).await?;
    if let Some(a) = d.state.assigned_to.filter(|a| !names.contains_key(a)) {
        names.extend(state.store.account_names(&[a]).await?);
    }
    let assignee = d
        .state
        .assigned_to
        .map(|a| names.get(&a).cloned().unwrap_or_else(|| format!("#{a}")));
    // The draft waits for the leader while the dossier is in progress only.
    let draft = if d.state.result_drafted
        && d.state.status == Some(motcua_domain::dossier::Status::InProgress)
    {
        events.iter().rev().find_map(|e| match &e.action {
            Action::DraftResult { summary } => Some((
                summary.clone(),
                e.actor
                    .as_ref()
                    .map(|a| names.get(&a.account_id).unwrap_or(&a.username).clone())
                    .unwrap_or_default(),
                when(e.at),
            )),
            _ => None,
        })
    } else {
        None
    };
    let agencies: Vec<(String, String)> = state
        .store
        .agencies()
        .await?
        .into_iter()
        .map(|a| (a.code.to_string(), a.name))
        .collect();
    let handling_name = agencies
        .iter()
        .find(|(c, _)| *c == handling.to_string())
        .map_or_else(|| handling.to_string(), |(_, n)| n.clone());
    let confirm_label = offers
        .iter()
        .find(|o| typed.confirm && o.action == typed.action)
        .map_or("", |o| o.label);
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        DossierPage {
            declaration,
            specialists,
            applicant,
            l,
            path: "/hop-thu",
            bar: Bar::of(state, user).await?,
            procedure: d.details.procedure_name_or(&d.procedure_code),
            status: d.state.status.map_or("", |s| s.label(l)),
            light: light_class,
            light_label,
            handling_agency: d
                .state
                .agency
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_default(),
            events,
            offers,
            forms,
            error,
            d,
            handling_name,
            agencies,
            names,
            assignee,
            draft,
            typed,
            confirm_label,
            just_received,
            result_file,
            can_attach_result,
            certification,
            postal,
            notices,
            ratings,
            rating_link,
            feedback,
            scanned: scans.digitization.counts(),
            thumbs: scans
                .attachments
                .iter()
                .filter(|a| a.thumb.is_some())
                .map(|a| (a.id.0, format!("{} · {}", a.component, a.file_name)))
                .collect(),
        },
    ))
}

/// What the dossier page answers a form posted from it: the page again
/// (at `anchor`) when done; the page with the refusal in words and what was
/// typed kept, when the officer can fix it.
pub(crate) async fn after_post(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    done: Result<(), WebError>,
    typed: Typed,
    anchor: &str,
) -> Result<Response, WebError> {
    use axum::response::IntoResponse;
    match done {
        Ok(()) => Ok(axum::response::Redirect::to(&format!(
            "/ho-so/{}{anchor}",
            crate::auth::urlencode(code)
        ))
        .into_response()),
        Err(WebError::NotFound) => Err(WebError::NotFound),
        Err(
            e @ (WebError::Invalid { .. }
            | WebError::Conflict(_)
            | WebError::Forbidden(_)
            | WebError::TooLarge
            | WebError::Store(motcua_store::StoreError::Conflict(_))),
        ) => {
            let forbidden = matches!(e, WebError::Forbidden(_));
            let shown = e.localize(l);
            let mut page = dossier_page(state, l, user, code, Some(shown), typed, false).await?;
            // Not this user's to do: said on the page, and answered as such.
            if forbidden {
                *page.status_mut() = axum::http::StatusCode::FORBIDDEN;
            }
            Ok(page)
        }
        Err(e) => Err(e),
    }
}

/// `GET /ho-so/{code}`
pub async fn dossier(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Query(q): Query<DossierQuery>,
) -> Result<Response, WebError> {
    dossier_page(
        &state,
        l,
        &user,
        &code,
        None,
        Typed::default(),
        q.da_nhan == "1",
    )
    .await
}

#[derive(Deserialize)]
pub struct DossierQuery {
    /// "1" right after the counter received the dossier.
    #[serde(default)]
    da_nhan: String,
}
