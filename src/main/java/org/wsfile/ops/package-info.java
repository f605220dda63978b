/**
 * What operators see: Prometheus metrics ({@code /wsfile/metrics}), health
 * ({@code /wsfile/health/live}, {@code /wsfile/health/ready}) and the status page's data
 * ({@code /wsfile/status}). Server side: in the WAR only.
 */
package org.wsfile.ops;
