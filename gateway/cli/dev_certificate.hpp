#pragma once
#include <filesystem>

namespace tipline::gateway {

// Writes a self-signed ECDSA P-256 certificate for localhost, 127.0.0.1 and ::1,
// valid for a year, and its private key (mode 0600). For development and tests;
// production uses the ward domain's real certificate.
void write_development_certificate(const std::filesystem::path& certificate_file,
                                   const std::filesystem::path& private_key_file);

}  // namespace tipline::gateway
