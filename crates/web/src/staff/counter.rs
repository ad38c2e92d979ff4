//! The counter: finding a procedure, the intake form, and receiving.

use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use motcua_domain::i18n::Message;
use motcua_domain::Locale;
use serde::Deserialize;

use super::login::signed_out_keep;
use super::{html, Bar};
use crate::auth::{self, PageUser};
use crate::cases::{ApplicantIn, ComponentIn, Decision, IntakeIn, ResultChannel};
use crate::locale::Lang;
use crate::{AppState, WebError};
use motcua_store::CenterId;

/// The center where the user receives dossiers (reception or postal staff).
pub(crate) fn counter_center(user: &PageUser) -> Result<CenterId, WebError> {
    user.principal
        .postings
        .iter()
        .find(|x| x.role.works_at_counter())
        .map(|x| x.center_id)
        .ok_or_else(|| WebError::Forbidden(Message::new("denied-counter-reception-only")))
}

#[derive(Template)]
#[template(path = "counter.html")]
struct CounterSearch {
    l: Locale,
    path: &'static str,
    bar: Bar,
    center: String,
    q: String,
    procedures: Vec<motcua_store::ProcedureSummary>,
    queue: super::queue_counter::QueuePanel,
}

#[derive(Deserialize)]
pub struct CounterQuery {
    #[serde(default)]
    q: String,
}

/// `GET /quay`: step 1 at the counter, find the procedure (diacritics
/// optional), with the queue's controls above.
pub async fn counter(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Query(q): Query<CounterQuery>,
) -> Result<Response, WebError> {
    search_page(&state, l, &user, q.q, None).await
}

pub(crate) async fn search_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    q: String,
    queue_error: Option<String>,
) -> Result<Response, WebError> {
    let center_id = counter_center(user)?;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let procedures = if q.trim().is_empty() {
        Vec::new()
    } else {
        state
            .store
            .procedures(&motcua_store::ProcedureQuery {
                text: Some(q.clone()),
                center_id: Some(center_id),
                limit: 30,
                ..Default::default()
            })
            .await?
    };
    Ok(html(
        StatusCode::OK,
        CounterSearch {
            l,
            path: "/quay",
            bar: Bar::of(state, user).await?,
            center: center.name,
            q,
            procedures,
            queue: super::queue_counter::panel(state, l, user, center_id, queue_error).await?,
        },
    ))
}

/// What the intake form shows and keeps when it comes back with an error:
/// everything as the officer left it, the checklist included.
#[derive(Default)]
pub struct IntakeValues {
    pub name: String,
    pub id_number: String,
    pub phone: String,
    pub address: String,
    pub pages: String,
    pub copies: String,
    /// Why the applicant's shared record should change, if it should.
    pub update_reason: String,
    /// Whether these values came back from a submitted form (otherwise the
    /// checklist shows the procedure's defaults).
    pub submitted: bool,
    /// Per component: ticked, the count typed, original shown.
    pub given: Vec<bool>,
    pub counts: Vec<String>,
    pub originals: Vec<bool>,
    pub result_channel: String,
    pub reasons: String,
    /// Offer the "why the applicant's record changes" field.
    pub ask_reason: bool,
    /// The input the cursor starts in: the one an error names, else the next
    /// one to fill, so that the keyboard flow never needs the mouse.
    pub focus: String,
    /// The declaration form's values as typed, and their problems.
    pub declaration: serde_json::Value,
    pub declaration_problems: Vec<motcua_domain::catalog::eform::FormProblem>,
}

impl IntakeValues {
    /// The values of a submitted intake form with `components` rows.
    fn from_form(get: &dyn Fn(&str) -> String, components: usize) -> IntakeValues {
        let ticked = |k: String| !get(&k).is_empty();
        IntakeValues {
            name: get("name"),
            id_number: get("id_number"),
            phone: get("phone"),
            address: get("address"),
            pages: get("pages"),
            copies: get("copies"),
            update_reason: get("applicant_update_reason"),
            submitted: true,
            given: (0..components).map(|i| ticked(format!("c{i}"))).collect(),
            counts: (0..components).map(|i| get(&format!("n{i}"))).collect(),
            originals: (0..components).map(|i| ticked(format!("o{i}"))).collect(),
            result_channel: get("result_channel"),
            reasons: get("reasons"),
            ask_reason: false,
            focus: String::new(),
            declaration: serde_json::Value::Null,
            declaration_problems: Vec::new(),
        }
    }

    /// Nothing is ticked until the officer ticks it: a default tick invites
    /// receiving what was never handed in.
    pub fn given(&self, i: &usize) -> bool {
        self.given.get(*i).copied().unwrap_or(false)
    }

    pub fn count(&self, i: &usize, default: &u16) -> String {
        match self.counts.get(*i) {
            Some(typed) if self.submitted => typed.clone(),
            _ => default.to_string(),
        }
    }

    pub fn original(&self, i: &usize) -> bool {
        self.originals.get(*i).copied().unwrap_or(false)
    }

    /// ` autofocus` on the input named `name` when the cursor starts there.
    pub fn focus_on(&self, name: &str) -> &'static str {
        if self.focus == name {
            " autofocus"
        } else {
            ""
        }
    }

    /// The same, for the input `{prefix}{row}` of the checklist.
    pub fn focus_row(&self, prefix: &str, row: &usize) -> &'static str {
        self.focus_on(&format!("{prefix}{row}"))
    }

    fn focused(self, name: impl Into<String>) -> IntakeValues {
        IntakeValues {
            focus: name.into(),
            ..self
        }
    }
}

#[derive(Template)]
#[template(path = "counter_form.html")]
struct CounterForm {
    l: Locale,
    path: &'static str,
    bar: Bar,
    center: String,
    p: motcua_domain::catalog::Procedure,
    key: String,
    found: bool,
    /// The found applicant's documents digitized in earlier dossiers (name
    /// and day), to reuse once this one is received (Decision 766, 4.3).
    digitized: Vec<String>,
    v: IntakeValues,
    /// A fresh key per rendered form: a double submit makes one dossier.
    idempotency: String,
    error: Option<String>,
    /// The ticket the officer's counter called: the dossier is linked to it.
    ticket: Option<(i64, String)>,
    /// The procedure's declaration form, to fill with the applicant.
    form: Option<crate::eform_view::FormView>,
}

impl CounterForm {
    fn limit(&self) -> String {
        crate::locale::limit_text(&self.l, &self.p.time_limit.to_string())
    }
    fn fee(&self) -> String {
        self.p.fee.describe(self.l)
    }
    fn kind(&self, c: &motcua_domain::catalog::Component) -> &'static str {
        c.kind.label(self.l)
    }
}

#[derive(Deserialize)]
pub struct KeyQuery {
    #[serde(default)]
    key: String,
}

async fn counter_form_page(
    state: &AppState,
    l: Locale,
    user: &PageUser,
    code: &str,
    key: String,
    v: Option<IntakeValues>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let center_id = counter_center(user)?;
    let center = state
        .store
        .center(center_id)
        .await?
        .ok_or(WebError::NotFound)?;
    let code: motcua_domain::ProcedureCode = code.parse().map_err(|_| WebError::NotFound)?;
    let version = state
        .store
        .procedure(&code)
        .await?
        .ok_or(WebError::NotFound)?;
    let (mut values, mut found) = (v.unwrap_or_default(), false);
    let mut digitized = Vec::new();
    if !key.trim().is_empty() && values.name.is_empty() && key.len() <= 40 {
        if let Some(a) = state
            .store
            .find_applicants(key.trim())
            .await?
            .into_iter()
            .next()
        {
            crate::privacy::record(state, &user.principal, None, key.trim(), "page:counter")
                .await?;
            found = true;
            if let Some(cccd) = &a.applicant.id_number {
                for s in state
                    .store
                    .reusable_scans(cccd, motcua_store::DossierId(0), 20)
                    .await?
                {
                    let day = motcua_calendar::from_timestamp(s.attachment.at)
                        .strftime("%d/%m/%Y")
                        .to_string();
                    let item = format!("{} ({day})", s.attachment.component);
                    if !digitized.contains(&item) {
                        digitized.push(item);
                    }
                }
            }
            // Found: the details are there, the checklist is next.
            values = IntakeValues {
                name: a.applicant.name,
                id_number: a
                    .applicant
                    .id_number
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
                phone: a.applicant.phone.map(|p| p.to_string()).unwrap_or_default(),
                address: a.applicant.address,
                focus: "c0".into(),
                ..values
            };
        } else {
            if key.trim().len() == 12 {
                values.id_number = key.trim().to_string();
            } else {
                values.phone = key.trim().to_string();
            }
            values.focus = "name".into();
        }
    }
    if values.focus.is_empty() {
        values.focus = if error.is_some() { "name" } else { "key" }.into();
    }
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let form = version.procedure.form.as_ref().map(|f| {
        crate::eform_view::FormView::new(f, &values.declaration, &values.declaration_problems, l)
    });
    Ok(html(
        status,
        CounterForm {
            form,
            l,
            path: "/quay",
            bar: Bar::of(state, user).await?,
            center: center.name,
            p: version.procedure,
            key,
            found,
            digitized,
            v: values,
            idempotency: hex_token(),
            error,
            ticket: super::queue_counter::serving_ticket(state, user, center_id)
                .await?
                .map(|t| (t.id.0, t.number())),
        },
    ))
}

pub(crate) fn hex_token() -> String {
    use rand::RngCore;
    let mut b = [0u8; 16];
    rand::rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// `GET /quay/{code}`: step 2, the applicant (found by CCCD or phone) and the
/// component checklist.
pub async fn counter_form(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    Query(q): Query<KeyQuery>,
) -> Result<Response, WebError> {
    counter_form_page(&state, l, &user, &code, q.key, None, None).await
}

/// A posted field, trimmed (blank when absent).
fn posted(fields: &[(String, String)], k: &str) -> String {
    fields
        .iter()
        .find(|(n, _)| n == k)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}

/// The procedure a counter form was posted for.
async fn counter_procedure(
    state: &AppState,
    code: &str,
) -> Result<motcua_store::ProcedureVersion, WebError> {
    state
        .store
        .procedure(&code.parse().map_err(|_| WebError::NotFound)?)
        .await?
        .ok_or(WebError::NotFound)
}

/// `POST /quay/{code}`: receive or refuse; on success, the dossier page with its receipt.
pub async fn counter_submit(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: Result<PageUser, Response>,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = match user {
        Ok(u) => u,
        Err(r) => {
            let path = format!("/quay/{}", auth::urlencode(&code));
            return Ok(signed_out_keep(r, l, &path, fields));
        }
    };
    let get = |k: &str| posted(&fields, k);
    user.check_csrf(&get("_csrf"))?;
    let center_id = counter_center(&user)?;
    let version = counter_procedure(&state, &code).await?;
    let mut values = IntakeValues::from_form(&get, version.procedure.components.len());
    // Kept from the start: any error below brings the declaration back as typed.
    let typed = version
        .procedure
        .form
        .as_ref()
        .map(|form| crate::cases::declaration::from_page(form, &fields));
    if let Some(t) = &typed {
        values.declaration = t.clone();
    }
    let back = |error: String, values: IntakeValues| {
        counter_form_page(
            &state,
            l,
            &user,
            &code,
            String::new(),
            Some(values),
            Some(error),
        )
    };
    // Enter in the refusal reason submits the form's first button, "receive":
    // a reason typed with "receive" is a question, not a decision.
    if get("decision") != "refuse" && !get("reasons").is_empty() {
        let error = l.t("a-reason-for-refusal-was");
        return back(error.into(), values.focused("refuse")).await;
    }
    // A count that is not a number is named, never taken as 1.
    let number = |k: &str, label: &str| -> Result<u32, String> {
        let typed = get(k);
        if typed.is_empty() {
            return Ok(1);
        }
        typed.parse().map_err(|_| {
            Message::new("counter-not-a-number")
                .with("label", label)
                .with("typed", typed.as_str())
                .localize(l)
        })
    };
    let mut components = Vec::new();
    for (i, c) in version.procedure.components.iter().enumerate() {
        if !values.given(&i) {
            continue;
        }
        let count = match number(&format!("n{i}"), &c.name) {
            Ok(n) => n,
            Err(e) => return back(e, values.focused(format!("n{i}"))).await,
        };
        components.push(ComponentIn {
            name: c.name.clone(),
            count,
            original_shown: values.original(&i),
        });
    }
    let (pages, copies) = match (
        number("pages", l.t("pages-of-the-original")),
        number("copies", l.t("copies")),
    ) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) => return back(e, values.focused("pages")).await,
        (_, Err(e)) => return back(e, values.focused("copies")).await,
    };
    // The declaration's problems are shown at their fields; the API's single
    // error would name only the first.
    let mut declaration = None;
    if let (Some(form), Some(typed)) = (&version.procedure.form, typed) {
        // An untouched form is a paper one handed in instead.
        if !crate::cases::declaration::is_blank(&typed) {
            if let Err(problems) = form.fill(&typed) {
                values.declaration_problems = problems;
                let error = l.t("declaration-has-problems");
                return back(error.into(), values).await;
            }
            declaration = Some(typed);
        }
    }
    // The form becomes the intake command itself: the same checks as the
    // API's, without a trip through JSON. Blank fields are absent.
    let given = |k: &str| Some(get(k)).filter(|v| !v.trim().is_empty());
    let intake = IntakeIn {
        center_id,
        procedure_code: code.to_string(),
        channel: None,
        applicant: ApplicantIn {
            name: get("name"),
            id_number: given("id_number"),
            phone: given("phone"),
            email: None,
            address: get("address"),
        },
        applicant_update_reason: given("applicant_update_reason"),
        components,
        pages,
        copies,
        result_channel: match get("result_channel").as_str() {
            "post" => ResultChannel::Post,
            "online" => ResultChannel::Online,
            _ => ResultChannel::Counter,
        },
        decision: if get("decision") == "refuse" {
            Decision::Refuse {
                reasons: get("reasons"),
            }
        } else {
            Decision::Accept
        },
        ticket_id: given("ticket_id").and_then(|t| t.trim().parse().ok()),
        declaration,
    };
    let key = Some(format!(
        "{}:{}",
        user.principal.account.id,
        get("idempotency")
    ))
    .filter(|_| !get("idempotency").is_empty());
    match crate::cases::receive(&state, &user.principal, intake, key).await {
        Ok(d) => Ok(Redirect::to(&format!(
            "/ho-so/{}{}",
            auth::urlencode(&d.code.to_string()),
            if d.state.status == Some(motcua_domain::dossier::Status::Accepted) {
                "?da_nhan=1"
            } else {
                ""
            }
        ))
        .into_response()),
        Err(WebError::Invalid { message, field }) => {
            let message = message.localize(l);
            let focus = match field.as_str() {
                "components" => {
                    // The first mandatory document not ticked.
                    let first = version
                        .procedure
                        .components
                        .iter()
                        .enumerate()
                        .find(|(i, c)| c.mandatory && !values.given(i))
                        .map_or(0, |(i, _)| i);
                    format!("c{first}")
                }
                "applicant_update_reason" | "reasons" => field.clone(),
                f => f.trim_start_matches("applicant.").to_string(),
            };
            // A CCCD known under another name: the reason field is offered.
            let values = IntakeValues {
                ask_reason: field == "applicant.id_number",
                ..values
            }
            .focused(focus);
            back(message, values).await
        }
        Err(e) => Err(e),
    }
}

/// `POST /quay/{code}/to-khai`: the declaration as filled so far, printed for
/// the applicant to check and sign, without receiving anything; problems
/// bring the intake form back with each one at its field.
pub async fn counter_print(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: Result<PageUser, Response>,
    Path(code): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let user = match user {
        Ok(u) => u,
        Err(r) => {
            let path = format!("/quay/{}", auth::urlencode(&code));
            return Ok(signed_out_keep(r, l, &path, fields));
        }
    };
    let get = |k: &str| posted(&fields, k);
    user.check_csrf(&get("_csrf"))?;
    let center_id = counter_center(&user)?;
    let version = counter_procedure(&state, &code).await?;
    let form = version.procedure.form.as_ref().ok_or(WebError::NotFound)?;
    let typed = crate::cases::declaration::from_page(form, &fields);
    if let Err(problems) = form.fill(&typed) {
        let mut values = IntakeValues::from_form(&get, version.procedure.components.len());
        values.declaration = typed;
        values.declaration_problems = problems;
        let error = l.t("declaration-has-problems").to_string();
        return counter_form_page(
            &state,
            l,
            &user,
            &code,
            String::new(),
            Some(values),
            Some(error),
        )
        .await;
    }
    let pdf = crate::api::declarations::filled_pdf(&state, &code, &typed, Some(center_id)).await?;
    Ok((
        [
            (
                axum::http::header::CONTENT_TYPE,
                "application/pdf".to_string(),
            ),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!("inline; filename=\"to-khai-{code}.pdf\""),
            ),
        ],
        pdf,
    )
        .into_response())
}
