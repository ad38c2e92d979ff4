//! The postal employee's intake away from the center
//! (`/buu-chinh/nhan-ho-so`), and the manifests (`/buu-chinh/bang-ke`): what
//! waits to travel on each leg, the manifests on their way, and the receiving
//! end's tally. Every form that fails comes back as it was typed.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::dossier::transport::{Leg, Tally};
use motcua_domain::org::Role;
use motcua_domain::Locale;
use motcua_store::{AccountId, CenterId, DossierRecord, Manifest, ManifestId};
use serde::Deserialize;

use super::{html, when, Bar};
use crate::auth::PageUser;
use crate::cases::transport::{self, DispatchIn, DocumentIn, PostalIntakeIn, ReceiveIn, TallyIn};
use crate::cases::ApplicantIn;
use crate::locale::Lang;
use crate::{AppState, WebError};

/// Pairs of a submitted form, repeated keys kept.
type Pairs = Vec<(String, String)>;

fn get<'a>(pairs: &'a Pairs, key: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

fn all<'a>(pairs: &'a Pairs, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    pairs
        .iter()
        .filter(move |(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A page's answer to a user's mistake: the page again, with the status.
fn refused(e: &WebError) -> Option<StatusCode> {
    match e {
        WebError::Invalid { .. } => Some(StatusCode::UNPROCESSABLE_ENTITY),
        WebError::Forbidden(_) => Some(StatusCode::FORBIDDEN),
        WebError::Conflict(_) => Some(StatusCode::CONFLICT),
        _ => None,
    }
}

/// The centers where the user is a postal employee.
fn postal_centers(user: &PageUser) -> Vec<CenterId> {
    let mut out: Vec<CenterId> = Vec::new();
    for x in &user.principal.postings {
        if x.role == Role::Postal && !out.contains(&x.center_id) {
            out.push(x.center_id);
        }
    }
    out
}

// --- the postal intake ---------------------------------------------------------

pub struct DocRow {
    pub name: String,
    /// What the catalog asks: "bản chính × 1".
    pub asked: String,
    pub mandatory: bool,
    pub originals: String,
    pub copies: String,
}

#[derive(Template)]
#[template(path = "postal_intake.html")]
struct IntakePage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    q: String,
    procedures: Vec<motcua_store::ProcedureSummary>,
    /// The chosen procedure: (code, name), and its form.
    chosen: Option<(String, String)>,
    centers: Vec<(i64, String)>,
    center: String,
    name: String,
    id_number: String,
    phone: String,
    email: String,
    address: String,
    docs: Vec<DocRow>,
    seal: String,
    pages: String,
    copies: String,
    result_channel: String,
    error: Option<String>,
    fee: String,
    /// One key per form shown: a double submit opens one dossier.
    form_key: String,
    /// The input the cursor starts in (the one an error names).
    focus: String,
}

#[derive(Deserialize, Default)]
pub struct IntakeQuery {
    #[serde(default)]
    q: String,
}

async fn intake_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    q: String,
    code: Option<&str>,
    typed: Option<&Pairs>,
    error: Option<(String, String)>,
) -> Result<Response, WebError> {
    let mine = postal_centers(user);
    let Some(&first) = mine.first() else {
        return Err(WebError::Forbidden(motcua_domain::i18n::Message::new(
            "denied-postal-intake",
        )));
    };
    let mut centers = Vec::new();
    for id in &mine {
        if let Some(c) = state.store.center(*id).await? {
            centers.push((c.id.0, c.name));
        }
    }
    let procedures = if q.trim().is_empty() {
        Vec::new()
    } else {
        state
            .store
            .procedures(&motcua_store::ProcedureQuery {
                text: Some(q.clone()),
                center_id: Some(first),
                limit: 30,
                ..Default::default()
            })
            .await?
    };
    let version = match code {
        Some(c) => match c.parse::<motcua_domain::ProcedureCode>() {
            Ok(code) => state.store.procedure(&code).await?,
            Err(_) => None,
        },
        None => None,
    };
    if code.is_some() && version.is_none() {
        return Err(WebError::NotFound);
    }
    let t = |k: &str| typed.map_or("", |p| get(p, k)).to_string();
    let docs = version.as_ref().map_or_else(Vec::new, |v| {
        v.procedure
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| DocRow {
                name: c.name.clone(),
                asked: format!("{} × {}", c.kind.label(l), c.count),
                mandatory: c.mandatory,
                originals: t(&format!("o{i}")),
                copies: t(&format!("k{i}")),
            })
            .collect()
    });
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        IntakePage {
            l,
            path: "/buu-chinh",
            bar: Bar::of(state, user).await?,
            q,
            procedures,
            fee: version
                .as_ref()
                .map(|v| l.number(v.procedure.fee.amount(1).0.unsigned_abs()))
                .unwrap_or_default(),
            chosen: version
                .as_ref()
                .map(|v| (v.procedure.code.to_string(), v.procedure.name.clone())),
            centers,
            center: t("center_id"),
            name: t("name"),
            id_number: t("id_number"),
            phone: t("phone"),
            email: t("email"),
            address: t("address"),
            docs,
            seal: t("seal"),
            pages: match t("pages") {
                x if x.is_empty() => "1".into(),
                x => x,
            },
            copies: match t("copies") {
                x if x.is_empty() => "1".into(),
                x => x,
            },
            result_channel: match t("result_channel") {
                x if x.is_empty() => "post".into(),
                x => x,
            },
            form_key: match t("form_key") {
                k if k.len() == 32 => k,
                _ => super::counter::hex_token(),
            },
            focus: error.as_ref().map(|(f, _)| f.clone()).unwrap_or_default(),
            error: error.map(|(_, e)| e),
        },
    ))
}

/// `GET /buu-chinh/nhan-ho-so`: find the procedure.
pub async fn intake_search(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<IntakeQuery>,
) -> Result<Response, WebError> {
    intake_page(&state, l, &user, q.q, None, None, None).await
}

/// `GET /buu-chinh/nhan-ho-so/{code}`: the checklist, the list, the seal.
pub async fn intake_form(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
) -> Result<Response, WebError> {
    intake_page(&state, l, &user, String::new(), Some(&code), None, None).await
}

/// `POST /buu-chinh/nhan-ho-so/{code}`
pub async fn intake_submit(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Form(f): Form<Pairs>,
) -> Result<Response, WebError> {
    user.check_csrf(get(&f, "_csrf"))?;
    if postal_centers(&user).is_empty() {
        return Err(WebError::Forbidden(motcua_domain::i18n::Message::new(
            "denied-postal-intake",
        )));
    }
    let version = match code.parse::<motcua_domain::ProcedureCode>() {
        Ok(c) => state.store.procedure(&c).await?,
        Err(_) => None,
    }
    .ok_or(WebError::NotFound)?;
    let number = |k: String| -> u32 {
        match get(&f, &k).trim() {
            "" => 0,
            // Not a number: out of range, named by the case.
            v => v.parse().unwrap_or(u32::MAX),
        }
    };
    let documents = version
        .procedure
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| DocumentIn {
            name: c.name.clone(),
            originals: number(format!("o{i}")),
            copies: number(format!("k{i}")),
        })
        .collect();
    let center = get(&f, "center_id")
        .trim()
        .parse()
        .ok()
        .or_else(|| postal_centers(&user).first().copied())
        .unwrap_or(CenterId(0));
    let body = PostalIntakeIn {
        center_id: center,
        procedure_code: code.clone(),
        applicant: ApplicantIn {
            name: get(&f, "name").to_string(),
            id_number: Some(get(&f, "id_number").to_string()),
            phone: Some(get(&f, "phone").to_string()),
            email: Some(get(&f, "email").to_string()).filter(|e| !e.trim().is_empty()),
            address: get(&f, "address").to_string(),
        },
        documents,
        seal: get(&f, "seal").to_string(),
        pages: number("pages".into()).max(1),
        copies: number("copies".into()).max(1),
        result_channel: match get(&f, "result_channel") {
            "counter" => crate::cases::ResultChannel::Counter,
            _ => crate::cases::ResultChannel::Post,
        },
    };
    let key = Some(get(&f, "form_key"))
        .filter(|k| k.len() == 32 && k.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|k| format!("post-form:{}:{k}", user.principal.account.id));
    match transport::postal_intake(&state, &user.principal, body, key).await {
        Ok(d) => Ok(Redirect::to(&format!("/buu-chinh/bang-ke?nhan={}", d.code)).into_response()),
        Err(e) if refused(&e).is_some() => {
            let status = refused(&e).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            let field = match &e {
                WebError::Invalid { field, .. } => field.clone(),
                _ => String::new(),
            };
            let mut res = intake_page(
                &state,
                l,
                &user,
                String::new(),
                Some(&code),
                Some(&f),
                Some((field, e.localize(l))),
            )
            .await?;
            *res.status_mut() = status;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

// --- manifests -------------------------------------------------------------------

pub struct CandidateRow {
    pub code: String,
    pub procedure: String,
    pub applicant: String,
    pub received: String,
    pub checked: bool,
}

/// One leg's dossiers waiting at one center, and the form that sends them.
pub struct LegForm {
    pub center_id: i64,
    pub center: String,
    pub leg: &'static str,
    pub leg_label: &'static str,
    pub rows: Vec<CandidateRow>,
    /// Postal staff of the center who may carry it: (account id, name).
    pub carriers: Vec<(i64, String)>,
    /// The user carries it themselves (a postal employee of the center).
    pub self_carrier: bool,
    pub from_place: String,
    pub carrier: String,
    pub note: String,
}

pub struct ManifestRow {
    pub id: i64,
    pub number: String,
    pub leg_label: &'static str,
    pub from: String,
    pub to: String,
    pub carrier: String,
    pub count: usize,
    pub dispatched: String,
    pub received: String,
}

#[derive(Template)]
#[template(path = "manifests.html")]
struct ManifestsPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    notice: Option<(String, bool)>,
    error: Option<String>,
    legs: Vec<LegForm>,
    open: Vec<ManifestRow>,
    done: Vec<ManifestRow>,
}

fn manifest_row(m: &Manifest, l: Locale) -> ManifestRow {
    ManifestRow {
        id: m.id.0,
        number: m.number.clone(),
        leg_label: m.leg.label(l),
        from: m.from_place.clone(),
        to: m.to_place.clone(),
        carrier: m.carrier_name.clone(),
        count: m.items.len(),
        dispatched: when(m.dispatched_at),
        received: m
            .received_at
            .map(|t| {
                format!(
                    "{} · {}",
                    when(t),
                    m.received_by_name.clone().unwrap_or_default()
                )
            })
            .unwrap_or_default(),
    }
}

#[derive(Deserialize, Default)]
pub struct ManifestsQuery {
    /// A postal intake just received: its code (the slip to print).
    #[serde(default)]
    nhan: Option<String>,
}

async fn manifests_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    notice: Option<(String, bool)>,
    error: Option<String>,
    typed: Option<&Pairs>,
) -> Result<Response, WebError> {
    let p = &user.principal;
    let just_received = notice.as_ref().map(|(c, _)| c.clone());
    let mut centers: Vec<CenterId> = Vec::new();
    for x in &p.postings {
        if !centers.contains(&x.center_id) {
            centers.push(x.center_id);
        }
    }
    let today = motcua_calendar::from_timestamp(state.now()).date();
    let mut legs = Vec::new();
    for c in &centers {
        let Some(center) = state.store.center(*c).await? else {
            continue;
        };
        let roles = p.roles_at(*c);
        let carriers: Vec<(i64, String)> = state
            .store
            .staff_at(*c, today)
            .await?
            .into_iter()
            .filter(|s| s.role == Role::Postal)
            .filter_map(|s| s.account_id.map(|a| (a.0, s.full_name)))
            .collect();
        for leg in Leg::ALL {
            // Postal intakes are sent by the employee who sealed them.
            if *leg == Leg::ToCenter && !roles.contains(&Role::Postal) {
                continue;
            }
            let found = state.store.transport_candidates(*c, *leg, 100).await?;
            let this_form = typed.is_some_and(|t| {
                get(t, "leg") == leg.code() && get(t, "center_id") == c.0.to_string()
            });
            let checked: Vec<&str> = match (this_form, typed) {
                (true, Some(t)) => all(t, "d").collect(),
                _ => Vec::new(),
            };
            let rows: Vec<CandidateRow> = found
                .iter()
                .map(|d: &DossierRecord| CandidateRow {
                    code: d.code.to_string(),
                    procedure: d.details.procedure_name.clone(),
                    applicant: d.applicant.name.clone(),
                    received: when(d.received_at),
                    checked: checked.contains(&d.code.to_string().as_str())
                        || (*leg == Leg::ToCenter
                            && just_received.as_deref() == Some(d.code.to_string().as_str())),
                })
                .collect();
            if rows.is_empty() {
                continue;
            }
            let kept = |k: &str| match (this_form, typed) {
                (true, Some(t)) => get(t, k).to_string(),
                _ => String::new(),
            };
            legs.push(LegForm {
                center_id: c.0,
                center: center.name.clone(),
                leg: leg.code(),
                leg_label: leg.label(l),
                rows,
                carriers: carriers.clone(),
                self_carrier: roles.contains(&Role::Postal),
                from_place: kept("from_place"),
                carrier: kept("carrier_id"),
                note: kept("note"),
            });
        }
    }
    let scope = p.center_scope();
    let list = state.store.manifests(scope.as_deref(), false, 100).await?;
    let open = list
        .iter()
        .filter(|m| m.received_at.is_none())
        .map(|m| manifest_row(m, l))
        .collect();
    let done = list
        .iter()
        .filter(|m| m.received_at.is_some())
        .take(30)
        .map(|m| manifest_row(m, l))
        .collect();
    Ok(html(
        StatusCode::OK,
        ManifestsPage {
            l,
            path: "/buu-chinh",
            bar: Bar::of(state, user).await?,
            notice,
            error,
            legs,
            open,
            done,
        },
    ))
}

/// `GET /buu-chinh/bang-ke`
pub async fn manifests(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<ManifestsQuery>,
) -> Result<Response, WebError> {
    let notice = q
        .nhan
        .as_deref()
        .and_then(crate::cases::dossier_code)
        .map(|c| (c.to_string(), true));
    manifests_page(&state, l, &user, notice, None, None).await
}

/// `POST /buu-chinh/bang-ke`: the ticked dossiers handed to the carrier.
pub async fn dispatch(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Form(f): Form<Pairs>,
) -> Result<Response, WebError> {
    user.check_csrf(get(&f, "_csrf"))?;
    let leg = Leg::parse(get(&f, "leg")).unwrap_or(Leg::ToAgency);
    let body = DispatchIn {
        center_id: get(&f, "center_id").trim().parse().unwrap_or(CenterId(0)),
        leg,
        dossiers: all(&f, "d").map(String::from).collect(),
        carrier_id: get(&f, "carrier_id").trim().parse().ok().map(AccountId),
        from_place: get(&f, "from_place").to_string(),
        note: get(&f, "note").to_string(),
    };
    match transport::dispatch(&state, &user.principal, body).await {
        Ok(m) => Ok(Redirect::to(&format!("/buu-chinh/bang-ke/{}", m.id)).into_response()),
        Err(e) if refused(&e).is_some() => {
            let mut res =
                manifests_page(&state, l, &user, None, Some(e.localize(l)), Some(&f)).await?;
            *res.status_mut() = refused(&e).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

pub struct ItemRow {
    pub code: String,
    pub applicant: String,
    pub procedure: String,
    pub documents: u32,
    pub fees: String,
    pub tally: String,
    pub tally_label: String,
    pub note: String,
}

#[derive(Template)]
#[template(path = "manifest.html")]
struct ManifestPage {
    l: Locale,
    path: &'static str,
    bar: Bar,
    m: ManifestRow,
    note: String,
    receive_note: String,
    open: bool,
    /// The agency's receiver is named by hand (to-agency).
    name_receiver: bool,
    /// The user may sign for it here.
    may_receive: bool,
    items: Vec<ItemRow>,
    tallies: Vec<(&'static str, &'static str)>,
    documents: u32,
    fees: String,
    received_by_name: String,
    error: Option<String>,
}

async fn manifest_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    id: ManifestId,
    typed: Option<&Pairs>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let m = transport::readable_manifest(state, &user.principal, id).await?;
    let t = |k: &str| typed.map_or(String::new(), |p| get(p, k).to_string());
    let p = &user.principal;
    let open = m.received_at.is_none();
    let may_receive = open
        && p.roles_at(m.center_id).iter().any(|r| r.works_at_counter())
        && (m.leg == Leg::ToAgency || p.account.id != m.carrier);
    let items = m
        .items
        .iter()
        .map(|i| {
            let code = i.code.to_string();
            ItemRow {
                tally: match (i.tally, t(&format!("t:{code}"))) {
                    (Some(x), _) => x.code().to_string(),
                    (None, x) if !x.is_empty() => x,
                    (None, _) => Tally::Complete.code().to_string(),
                },
                tally_label: i.tally.map(|x| x.label(l).to_string()).unwrap_or_default(),
                note: if open {
                    t(&format!("n:{code}"))
                } else {
                    i.note.clone()
                },
                code,
                applicant: i.applicant_name.clone(),
                procedure: i.procedure_code.to_string(),
                documents: i.documents,
                fees: l.number(i.fees.0.unsigned_abs()),
            }
        })
        .collect();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(
        status,
        ManifestPage {
            l,
            path: "/buu-chinh",
            bar: Bar::of(state, user).await?,
            note: m.note.clone(),
            receive_note: if open {
                t("note")
            } else {
                m.receive_note.clone().unwrap_or_default()
            },
            open,
            name_receiver: m.leg == Leg::ToAgency,
            may_receive,
            items,
            tallies: Tally::ALL.iter().map(|x| (x.code(), x.label(l))).collect(),
            documents: m.documents(),
            fees: l.number(m.fees().0.unsigned_abs()),
            received_by_name: t("received_by_name"),
            m: manifest_row(&m, l),
            error,
        },
    ))
}

/// `GET /buu-chinh/bang-ke/{id}`
pub async fn manifest(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(id): Path<ManifestId>,
) -> Result<Response, WebError> {
    manifest_page(&state, l, &user, id, None, None).await
}

/// `POST /buu-chinh/bang-ke/{id}/nhan`: the receiving end signs.
pub async fn receive(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(id): Path<ManifestId>,
    Form(f): Form<Pairs>,
) -> Result<Response, WebError> {
    user.check_csrf(get(&f, "_csrf"))?;
    let tallies = f
        .iter()
        .filter_map(|(k, v)| {
            let code = k.strip_prefix("t:")?;
            Some(TallyIn {
                code: code.to_string(),
                tally: Tally::parse(v).unwrap_or(Tally::Complete),
                note: get(&f, &format!("n:{code}")).to_string(),
            })
        })
        .collect();
    let body = ReceiveIn {
        received_by_name: get(&f, "received_by_name").to_string(),
        tallies,
        note: get(&f, "note").to_string(),
    };
    match transport::receive(&state, &user.principal, id, body).await {
        Ok(m) => Ok(Redirect::to(&format!("/buu-chinh/bang-ke/{}", m.id)).into_response()),
        Err(e) if refused(&e).is_some() => {
            let mut res =
                manifest_page(&state, l, &user, id, Some(&f), Some(e.localize(l))).await?;
            *res.status_mut() = refused(&e).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            Ok(res)
        }
        Err(e) => Err(e),
    }
}
