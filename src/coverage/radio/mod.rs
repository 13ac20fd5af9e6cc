//! (placeholder: radio propagation models, filled in by their own work)
