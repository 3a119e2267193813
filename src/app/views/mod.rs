//! What the window shows: each view draws into a `Ui` and queues what the user asks for as a
//! [`Command`](super::command::Command); [`NianbaoApp::run_queued`](super::NianbaoApp) applies
//! the queue once per frame, after drawing. Views change only window state (the view shown,
//! the text highlighted, the cell to focus).

mod batch;

pub use batch::BatchView;
mod findings;
mod meta;
mod part;
mod review;
mod scan;
pub use scan::{ScanJob, ScanView};
mod tally;

pub use tally::TallyState;
