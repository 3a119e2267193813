//! What the window shows: each view draws into a `Ui` and queues what the user asks for.

mod findings;
mod meta;
mod part;
mod review;
