package org.wsfile.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the settings injectable; they are read once, when first needed (at start-up, by the start-up listener). */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Singleton
    Settings settings() {
        return Settings.from(ConfigValues::get);
    }

    @Produces
    @Singleton
    ClusterSettings clusterSettings() {
        return ClusterSettings.from(ConfigValues::get);
    }

    @Produces
    @Singleton
    HistorySettings historySettings() {
        return HistorySettings.from(ConfigValues::get);
    }

    @Produces
    @Singleton
    SpoolSettings spoolSettings() {
        return SpoolSettings.from(ConfigValues::get);
    }
}
