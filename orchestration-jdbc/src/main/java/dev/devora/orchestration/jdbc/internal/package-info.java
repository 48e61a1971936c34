/** Machinery of the JDBC run store (dialects, schema, group commit); not API. */
package dev.devora.orchestration.jdbc.internal;
