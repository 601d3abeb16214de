package io.tollgate.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A spending limit per calendar period shared by a team's keys, with optional shared limits. */
@Group(Tollgate.GROUP)
@Version(Tollgate.VERSION)
@AdditionalPrinterColumn(name = "Team", jsonPath = ".spec.team")
@AdditionalPrinterColumn(
    name = "Limit",
    jsonPath = ".spec.limitUsd",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Period", jsonPath = ".spec.period")
@AdditionalPrinterColumn(
    name = "Spent",
    jsonPath = ".status.spentUsd",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class TeamBudget extends CustomResource<TeamBudgetSpec, TeamBudgetStatus>
    implements Namespaced {}
