# policyc as a small container image: a static musl binary on Alpine.
#
#   docker build -t policyc .
#   docker run --rm -v "$PWD:/work" -w /work policyc check policy/
#
# Stage 1 builds on the official Rust image for musl, whose default target
# links statically; stage 2 keeps only the binary (and a shell, for CI jobs
# that run scripts in the image).
FROM rust:1.85-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
# stripped, and checked to need no shared library
ENV CARGO_PROFILE_RELEASE_STRIP=true
RUN cargo build --release --locked --bin policyc \
 && ! ldd target/release/policyc 2>/dev/null | grep -q '=>'

FROM alpine:3.20
COPY --from=build /src/target/release/policyc /usr/local/bin/policyc
RUN policyc --version
WORKDIR /work
ENTRYPOINT ["policyc"]
CMD ["--help"]
