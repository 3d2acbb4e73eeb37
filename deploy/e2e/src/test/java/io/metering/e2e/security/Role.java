package io.metering.e2e.security;

/** Who calls: nobody (no token), one of the people's roles, or one of the service accounts (DESIGN.md section 8). */
enum Role {
    NONE, LICENSE_MANAGER, FINANCE, ADMIN, AGENT, IMPORTER
}
