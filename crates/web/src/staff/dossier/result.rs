//! `POST /ho-so/{code}/ket-qua`: the result file attached from the dossier
//! page by whoever settles the dossier (multipart), then issued with the
//! `issue-e-result` action.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};

use super::{dossier_page, Typed};
use crate::auth::{self, PageUser};
use crate::locale::Lang;
use crate::{AppState, WebError};

pub async fn attach(
    State(state): State<AppState>,
    Lang(l): Lang,
    user: PageUser,
    Path(code): Path<String>,
    multipart: Multipart,
) -> Result<Response, WebError> {
    let result = match crate::api::scans::read_upload(multipart).await {
        Ok(mut form) => {
            user.check_csrf(form.csrf.as_deref().unwrap_or_default())?;
            crate::cases::results::attach(
                &state,
                &user.principal,
                &code,
                form.expected_seq,
                form.files.pop(),
            )
            .await
            .map(|_| ())
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/ho-so/{}", auth::urlencode(&code))).into_response()),
        Err(
            e @ (WebError::Invalid { .. }
            | WebError::Conflict(_)
            | WebError::TooLarge
            | WebError::Store(motcua_store::StoreError::Conflict(_))),
        ) => {
            let shown = e.localize(l);
            dossier_page(
                &state,
                l,
                &user,
                &code,
                Some(shown),
                Typed::default(),
                false,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
