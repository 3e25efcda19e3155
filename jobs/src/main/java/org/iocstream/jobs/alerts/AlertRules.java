package org.iocstream.jobs.alerts;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The threshold rules in force, the device rules, the storm policy and the gateway-silence rule. Several rules may share an id: at most one without subjects
 * (the default for every subject of its metric) and any number for given subjects, which replace the default
 * for them; a subject may be named by only one of them.
 */
public record AlertRules(List<ThresholdRule> rules, DeviceRules devices, StormPolicy storm,
        GatewaySilence gatewaySilence) implements Serializable {

    public AlertRules {
        rules = List.copyOf(rules);
        if (devices == null) {
            throw new IllegalArgumentException("alert rules need device rules");
        }
        if (storm == null) {
            throw new IllegalArgumentException("alert rules need a storm policy");
        }
        if (gatewaySilence == null) {
            throw new IllegalArgumentException("alert rules need a gateway-silence rule");
        }
        Map<String, String> metricById = new HashMap<>();
        Set<String> idsWithDefault = new HashSet<>();
        Set<String> idAndSubject = new HashSet<>();
        for (ThresholdRule rule : rules) {
            String metric = metricById.putIfAbsent(rule.id(), rule.metric());
            if (metric != null && !metric.equals(rule.metric())) {
                throw new IllegalArgumentException(rule.id() + ": every entry of a rule has the same metric, got "
                        + metric + " and " + rule.metric());
            }
            if (rule.subjects().isEmpty() && !idsWithDefault.add(rule.id())) {
                throw new IllegalArgumentException(rule.id() + ": only one entry of a rule may be without subjects");
            }
            for (String subject : rule.subjects()) {
                if (!idAndSubject.add(rule.id() + "\n" + subject)) {
                    throw new IllegalArgumentException(rule.id() + ": subject " + subject + " is named twice");
                }
            }
        }
    }

    /** The rules that watch this subject's metric, one per rule id: its own entry if it has one, else the default. */
    public List<ThresholdRule> rulesFor(String metric, String subject) {
        Map<String, ThresholdRule> byId = new LinkedHashMap<>();
        for (ThresholdRule rule : rules) {
            if (!rule.metric().equals(metric)) {
                continue;
            }
            if (rule.subjects().contains(subject)) {
                byId.put(rule.id(), rule);
            } else if (rule.subjects().isEmpty()) {
                byId.putIfAbsent(rule.id(), rule);
            }
        }
        return new ArrayList<>(byId.values());
    }
}
