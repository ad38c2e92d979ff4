//! The pages of a center's hall that nobody signs in to: the ticket kiosk,
//! the board on the hall's TV, and the citizen's rating (through the
//! receipt's link, or on the counter's tablet). Their own stylesheet and
//! script (`/static/hall.css`, `/static/hall.js`), served from the binary.

use axum::Router;

use crate::AppState;

/// The hall's routes, merged into the application's router.
pub fn routes() -> Router<AppState> {
    Router::new()
}
