//! The staff bar of every staff page, and staff names as screens show them.

use crate::auth::PageUser;
use crate::{AppState, WebError};

/// What the staff bar of every staff page shows.
pub struct Bar {
    pub user: String,
    /// The user's full name (the login when no staff record names them).
    pub name: String,
    pub csrf: String,
    /// The centers the user works at today.
    pub centers: String,
    /// Whether the user works a counter (reception or postal).
    pub counter: bool,
    /// Whether the user reads the guidance report without recording
    /// guidance (leaders, those who oversee).
    pub guidance_report: bool,
    /// Whether the user reads dashboards (leaders, those who oversee).
    pub dashboard: bool,
}

impl Bar {
    pub async fn of(state: &AppState, user: &PageUser) -> Result<Bar, WebError> {
        let p = &user.principal;
        let mut names: Vec<String> = Vec::new();
        for posting in &p.postings {
            if let Some(c) = state.store.center(posting.center_id).await? {
                if !names.contains(&c.name) {
                    names.push(c.name);
                }
            }
        }
        let name = state
            .store
            .account_names(&[p.account.id])
            .await?
            .remove(&p.account.id)
            .unwrap_or_else(|| p.account.username.clone());
        Ok(Bar {
            name,
            user: p.account.username.clone(),
            csrf: user.csrf.clone(),
            centers: names.join(", "),
            counter: p.postings.iter().any(|x| x.role.works_at_counter()),
            dashboard: crate::cases::dashboard::reads_dashboards(p),
            guidance_report: p.sees_everything()
                || p.postings
                    .iter()
                    .any(|x| x.role == motcua_domain::org::Role::Leader),
        })
    }
}
