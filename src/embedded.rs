//! Files compiled into the binary by `build.rs`: the default rules and the bundled knowledge base.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
