//! `POST /ho-so/{code}/ket-qua`: the result file attached from the dossier
//! page by whoever settles the dossier (multipart), then issued with the
//! `issue-e-result` action.

use axum::extract::{Multipart, Path, State};
use axum::response::Response;

use super::Typed;
use crate::auth::PageUser;
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
    super::after_post(&state, l, &user, &code, result, Typed::default(), "").await
}
