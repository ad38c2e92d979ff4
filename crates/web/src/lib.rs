//! The web layer: server-rendered pages in Vietnamese (English second), a
//! versioned JSON API, health checks. Handlers are thin: they parse the request,
//! call the store, and render.

pub mod api;
pub mod auth;
pub mod cases;
pub mod charts;
pub mod clock;
mod edge;
pub mod eform_view;
mod error;
pub mod export;
pub mod forms;
pub mod guard;
pub mod input;
mod page_errors;
pub mod privacy;
pub mod server;
pub mod throttle;

mod locale;
mod public;
pub mod staff;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use motcua_calendar::{Holidays, OfficeHours, WorkCalendar};
use motcua_store::Store;

pub use edge::BODY_LIMIT;
pub use error::WebError;

/// How the deployment is reached and what it allows.
#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// The address citizens use (`https://motcua.example.gov.vn`), for QR codes
    /// and links; with `https` the session cookie is also `Secure`.
    pub public_url: Option<String>,
    /// motcua runs behind a reverse proxy that appends the client's address
    /// to `X-Forwarded-For`: the throttles then count that address, not the
    /// proxy's (which would let one client lock everyone out).
    pub trust_proxy: bool,
    /// The largest scan file accepted, in bytes (default 20 MiB).
    pub scan_file_limit: Option<u64>,
    /// The most all of one dossier's scans may take, in bytes (default 200 MiB).
    pub scan_dossier_limit: Option<u64>,
    /// The least time, in seconds, between serving a public form and
    /// taking it back (`guard.rs`; default 3).
    pub form_min_secs: Option<u64>,
}

impl WebConfig {
    pub fn scan_file_limit(&self) -> u64 {
        self.scan_file_limit.unwrap_or(20 * 1024 * 1024)
    }

    pub fn form_min_age(&self) -> jiff::SignedDuration {
        self.form_min_secs.map_or(crate::guard::MIN_AGE, |s| {
            jiff::SignedDuration::from_secs(i64::try_from(s).unwrap_or(i64::MAX).min(3600))
        })
    }

    pub fn scan_dossier_limit(&self) -> u64 {
        self.scan_dossier_limit.unwrap_or(200 * 1024 * 1024)
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Where scans are kept; without one, uploads are refused with a reason.
    pub blobs: Option<Arc<dyn motcua_blobs::BlobStore>>,
    holidays: Arc<Holidays>,
    calendars: Arc<Mutex<HashMap<String, Arc<WorkCalendar>>>>,
    clock: Arc<dyn clock::Clock>,
    pub config: Arc<WebConfig>,
    pub throttles: Arc<throttle::Throttles>,
    lookup_key: Arc<tokio::sync::OnceCell<Vec<u8>>>,
    /// The postal carrier results by post go through, if one is configured.
    pub carrier: Option<Arc<cases::postal::Carrier>>,
    /// Wakes the carrier worker when an order is written.
    pub carrier_wake: Arc<tokio::sync::Notify>,
    /// How citizens are reached (e-mail, SMS), if at all.
    pub messenger: Option<Arc<cases::notify::Messenger>>,
    /// Tells the hall's boards (server-sent events) that a center's queue
    /// changed; each board reads the queue again.
    pub hall: tokio::sync::broadcast::Sender<motcua_store::CenterId>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, holidays: Holidays) -> AppState {
        AppState {
            store,
            blobs: None,
            holidays: Arc::new(holidays),
            calendars: Default::default(),
            clock: Arc::new(clock::SystemClock),
            config: Default::default(),
            throttles: Default::default(),
            lookup_key: Default::default(),
            carrier: None,
            carrier_wake: Default::default(),
            messenger: None,
            hall: tokio::sync::broadcast::channel(256).0,
        }
    }

    /// The same application telling citizens through `messenger`.
    pub fn with_messenger(mut self, messenger: cases::notify::Messenger) -> AppState {
        self.messenger = Some(Arc::new(messenger));
        self
    }

    /// The same application sending results by post through `carrier`.
    pub fn with_carrier(mut self, carrier: cases::postal::Carrier) -> AppState {
        self.carrier = Some(Arc::new(carrier));
        self
    }

    /// The same application on another clock (tests set the instant).
    pub fn with_clock(mut self, clock: impl clock::Clock) -> AppState {
        self.clock = Arc::new(clock);
        self
    }

    /// The same application keeping scans in `blobs`.
    pub fn with_blobs(mut self, blobs: Arc<dyn motcua_blobs::BlobStore>) -> AppState {
        self.blobs = Some(blobs);
        self
    }

    pub fn with_config(mut self, config: WebConfig) -> AppState {
        self.config = Arc::new(config);
        self
    }

    /// The current instant, to the second (as events store it).
    pub fn now(&self) -> jiff::Timestamp {
        let t = self.clock.now();
        jiff::Timestamp::from_second(t.as_second()).expect("now is in range")
    }

    /// The key of the dossiers' lookup PINs, made once per deployment.
    pub async fn lookup_key(&self) -> Result<&[u8], WebError> {
        let key = self
            .lookup_key
            .get_or_try_init(|| cases::access::lookup_pin_key(self))
            .await?;
        Ok(key.as_slice())
    }

    /// The working calendar of a center's office hours, built once per pattern.
    pub fn calendar(&self, hours: &OfficeHours) -> Arc<WorkCalendar> {
        let key = hours.to_string();
        let mut cache = self.calendars.lock().expect("calendar cache lock");
        cache
            .entry(key)
            .or_insert_with(|| {
                let year = motcua_calendar::from_timestamp(self.clock.now()).year();
                Arc::new(
                    self.holidays
                        .calendar(hours.clone(), (year - 3)..=(year + 3)),
                )
            })
            .clone()
    }
}

const CSS: &str = include_str!("../static/app.css");

async fn stylesheet() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CSS,
    )
}

async fn healthz(axum::extract::State(state): axum::extract::State<AppState>) -> impl IntoResponse {
    match state.store.province().await {
        Ok(_) => axum::Json(
            serde_json::json!({ "status": "ok", "database": state.store.backend().to_string() }),
        )
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({ "status": "unavailable" })),
            )
                .into_response()
        }
    }
}

/// The most one upload may carry: a batch of scans, whatever the configured
/// per-file limit (which `cases::scans` checks, naming the file).
pub fn scans_body_limit() -> usize {
    256 * 1024 * 1024
}

/// The most a file sent to the public verification may weigh: a certified
/// copy of a long original, not a way to fill the server's memory.
pub const VERIFY_BODY_LIMIT: usize = 32 * 1024 * 1024;

/// The whole application.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(public::home::home))
        .route("/thu-tuc", get(public::procedures::procedures))
        .route("/thu-tuc/{code}", get(public::procedures::procedure))
        .route(
            "/thu-tuc/{code}/nop",
            get(public::submit::form)
                .post(public::submit::submit)
                .layer(axum::extract::DefaultBodyLimit::max(scans_body_limit())),
        )
        .route(
            "/thu-tuc/{code}/to-khai",
            axum::routing::post(public::submit::print)
                .layer(axum::extract::DefaultBodyLimit::max(scans_body_limit())),
        )
        .route("/tra-cuu", get(public::lookup::lookup))
        .route(
            "/phan-anh",
            get(public::feedback::form).post(public::feedback::send),
        )
        .route("/phan-anh/{code}", get(public::feedback::track))
        .route(
            "/phan-anh/{code}/bo-sung",
            axum::routing::post(public::feedback::give_info),
        )
        .route(
            "/phan-anh/{code}/danh-gia",
            axum::routing::post(public::feedback::rate),
        )
        .route("/tra-loi-phan-anh", get(public::feedback::published))
        .route(
            "/xac-minh",
            get(public::verify::form)
                .post(public::verify::check)
                .layer(axum::extract::DefaultBodyLimit::max(VERIFY_BODY_LIMIT)),
        )
        .route(
            "/xac-minh/{token}",
            get(public::verify::show)
                .post(public::verify::check_against)
                .layer(axum::extract::DefaultBodyLimit::max(VERIFY_BODY_LIMIT)),
        )
        .route(
            "/dang-nhap",
            get(staff::login::login_form).post(staff::login::login_submit),
        )
        .route("/dang-xuat", axum::routing::post(staff::login::logout))
        .route("/hop-thu", get(staff::inbox::inbox))
        .route("/tai-khoan", get(staff::account::show))
        .route(
            "/tai-khoan/mat-khau",
            axum::routing::post(staff::account::password),
        )
        .route(
            "/tai-khoan/ma-truy-cap",
            axum::routing::post(staff::account::create_token),
        )
        .route(
            "/tai-khoan/ma-truy-cap/{id}/thu-hoi",
            axum::routing::post(staff::account::revoke_token),
        )
        .route("/quay", get(staff::counter::counter))
        .route("/bang-dieu-khien", get(staff::dashboard::show))
        .route("/bang-dieu-khien/ho-so", get(staff::dashboard::behind))
        .route("/bang-dieu-khien/tai-ve", get(staff::dashboard::download))
        .route(
            "/bang-dieu-khien/bao-cao.pdf",
            get(staff::dashboard::report),
        )
        .route("/sanh", get(staff::queue_setup::show))
        .route(
            "/sanh/nhom",
            axum::routing::post(staff::queue_setup::save_group),
        )
        .route(
            "/sanh/thiet-bi",
            axum::routing::post(staff::queue_setup::create_device),
        )
        .route(
            "/sanh/thiet-bi/{id}/thu-hoi",
            axum::routing::post(staff::queue_setup::revoke_device),
        )
        .route(
            "/quay/hang-doi",
            axum::routing::post(staff::queue_counter::act),
        )
        .route("/tim-kiem", get(staff::search::search))
        .route("/pakn", get(staff::feedback::list))
        .route("/pakn/{code}", get(staff::feedback::detail))
        .route(
            "/pakn/{code}/thao-tac",
            axum::routing::post(staff::feedback::act),
        )
        .route(
            "/quay/{code}",
            get(staff::counter::counter_form).post(staff::counter::counter_submit),
        )
        .route(
            "/quay/{code}/to-khai",
            axum::routing::post(staff::counter::counter_print),
        )
        .route("/ho-so/{code}", get(staff::dossier::dossier))
        .route(
            "/ho-so/{code}/so-hoa",
            get(staff::scans::show)
                .post(staff::scans::upload)
                .layer(axum::extract::DefaultBodyLimit::max(scans_body_limit())),
        )
        .route(
            "/ho-so/{code}/so-hoa/mien",
            axum::routing::post(staff::scans::exempt),
        )
        .route(
            "/ho-so/{code}/so-hoa/dung-lai",
            axum::routing::post(staff::scans::reuse),
        )
        .route(
            "/ho-so/{code}/so-hoa/{id}/go",
            axum::routing::post(staff::scans::remove),
        )
        .route("/so-hoa", get(staff::scan_queue::queue))
        .route(
            "/ho-so/{code}/ket-qua",
            axum::routing::post(staff::dossier::result::attach)
                .layer(axum::extract::DefaultBodyLimit::max(scans_body_limit())),
        )
        .route(
            "/ho-so/{code}/buu-chinh",
            axum::routing::post(staff::dossier::ship::ship),
        )
        .route("/buu-chinh", get(staff::postal::deliveries))
        .route("/buu-chinh/bao-cao", get(staff::postal_report::report))
        .route(
            "/huong-dan",
            get(staff::guidance::show).post(staff::guidance::record),
        )
        .route("/huong-dan/bao-cao", get(staff::guidance::report))
        .route(
            "/huong-dan/{id}/ho-so",
            axum::routing::post(staff::guidance::link),
        )
        .route(
            "/buu-chinh/nhan-ho-so",
            get(staff::transport::intake_search),
        )
        .route(
            "/buu-chinh/nhan-ho-so/{code}",
            get(staff::transport::intake_form).post(staff::transport::intake_submit),
        )
        .route(
            "/buu-chinh/bang-ke",
            get(staff::transport::manifests).post(staff::transport::dispatch),
        )
        .route("/buu-chinh/bang-ke/{id}", get(staff::transport::manifest))
        .route(
            "/buu-chinh/bang-ke/{id}/nhan",
            axum::routing::post(staff::transport::receive),
        )
        .route(
            "/buu-chinh/{id}/gui-lai",
            axum::routing::post(staff::postal::resend),
        )
        .route(
            "/buu-chinh/{id}/huy",
            axum::routing::post(staff::postal::cancel),
        )
        .route(
            "/buu-chinh/ma-buu-gui",
            axum::routing::post(staff::postal::add_codes),
        )
        .route(
            "/ho-so/{code}/chung-thuc",
            axum::routing::post(staff::dossier::certify::certify),
        )
        .route(
            "/ho-so/{code}/thao-tac",
            axum::routing::post(staff::dossier::action::act),
        )
        .route("/trung-tam", get(public::centers::centers))
        .route("/trung-tam/{id}", get(public::centers::center))
        .route("/ngon-ngu/{lang}", get(public::language::set_language))
        .route("/static/app.css", get(stylesheet))
        .route("/healthz", get(healthz))
        .merge(public::hall::routes())
        .merge(api::router())
        .fallback(public::not_found)
        .with_state(state)
        // A bug answers 500 instead of dropping the connection (as JSON under /api/).
        .layer(tower_http::catch_panic::CatchPanicLayer::new())
        .layer(axum::middleware::from_fn(edge::json_errors))
        .layer(axum::middleware::from_fn(page_errors::html_errors))
        .layer(axum::middleware::from_fn(security_headers))
}

/// Headers every response carries: no inline script, no framing, no sniffing.
async fn security_headers(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    // A printed form may be shown inside our own page (the receipt after
    // intake, ready to print); nothing else may be framed, by anyone.
    let pdf = h
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == b"application/pdf");
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        header::HeaderValue::from_static(if pdf {
            "default-src 'self'; frame-ancestors 'self'"
        } else {
            "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; form-action 'self'"
        }),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        header::HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("same-origin"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        header::HeaderValue::from_static(if pdf { "SAMEORIGIN" } else { "DENY" }),
    );
    // Pages and answers may hold personal data: no copy in any cache, unless
    // the handler said otherwise (the stylesheet).
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
    }
    res
}
