#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = policyc::fuzzing::verify_read(data);
});
