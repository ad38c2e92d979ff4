//! `POST /ho-so/{code}/chung-thuc`: the leader certifies a copy from the scan
//! of the original, from the dossier page; a refusal comes back on the page
//! with what was chosen.

use axum::extract::{Form, Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::offers::Typed;
use crate::auth::{self, PageUser};
use crate::cases::certify::CertifyIn;
use crate::locale::Lang;
use crate::staff::login::signed_out_keep;
use crate::{AppState, WebError};

#[derive(Deserialize)]
pub struct CertifyForm {
    #[serde(rename = "_csrf")]
    csrf: String,
    expected_seq: i64,
    /// The scan's id, as the select sends it.
    #[serde(default)]
    scan: String,
    #[serde(default)]
    pages: String,
    #[serde(default)]
    copies: String,
    /// "1" when the electronic copy is asked for (a checkbox).
    #[serde(default)]
    electronic: String,
}

impl CertifyForm {
    fn fields(&self) -> Vec<(String, String)> {
        [
            ("expected_seq", self.expected_seq.to_string()),
            ("scan", self.scan.clone()),
            ("pages", self.pages.clone()),
            ("copies", self.copies.clone()),
            ("electronic", self.electronic.clone()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    fn typed(&self) -> Typed {
        Typed {
            action: "certify".into(),
            expected_seq: Some(self.expected_seq),
            cert_scan: self.scan.clone(),
            cert_pages: self.pages.clone(),
            cert_copies: self.copies.clone(),
            cert_paper_only: self.electronic != "1",
            ..Typed::default()
        }
    }
}

pub async fn certify(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: Result<PageUser, Response>,
    Path(code): Path<String>,
    Form(f): Form<CertifyForm>,
) -> Result<Response, WebError> {
    let user = match user {
        Ok(u) => u,
        Err(r) => {
            let path = format!("/ho-so/{}/chung-thuc", auth::urlencode(&code));
            return Ok(signed_out_keep(r, l, &path, f.fields()));
        }
    };
    user.check_csrf(&f.csrf)?;
    let request = match (f.scan.trim().parse(), f.copies.trim().parse()) {
        (Ok(scan), Ok(copies)) => Ok(CertifyIn {
            scan: motcua_store::AttachmentId(scan),
            pages: f.pages.clone(),
            copies,
            electronic: f.electronic == "1",
        }),
        (Err(_), _) => Err(crate::input::invalid(
            "scan",
            motcua_domain::i18n::Message::new("certify-no-such-scan"),
        )),
        (_, Err(_)) => Err(crate::input::invalid(
            "copies",
            motcua_domain::dossier::certify::CertifyError::Copies.message(),
        )),
    };
    let done = match request {
        Ok(r) => {
            crate::cases::certify::certify(&state, &user.principal, &code, Some(f.expected_seq), r)
                .await
        }
        Err(e) => Err(e),
    };
    super::after_post(
        &state,
        l,
        &user,
        &code,
        done.map(|_| ()),
        f.typed(),
        "#certifications",
    )
    .await
}
