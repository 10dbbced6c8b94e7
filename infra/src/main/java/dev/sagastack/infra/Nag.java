package dev.sagastack.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.constructs.IConstruct;

import java.util.ArrayList;
import java.util.List;

/** cdk-nag suppressions: each names the rule, the exact findings it covers, and why they are acceptable. */
public final class Nag {

    private Nag() {
    }

    /** Suppresses {@code rule} on {@code construct} and its children, for every finding of that rule. */
    public static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /**
     * Suppresses only the listed findings of a granular rule (IAM4/IAM5). A finding is given literally
     * ({@code "Resource::*"}) or as a regex when it starts with {@code /}.
     */
    public static void suppressFindings(IConstruct construct, String rule, String reason, String... findings) {
        List<Object> appliesTo = new ArrayList<>();
        for (String finding : findings) {
            appliesTo.add(finding.startsWith("/") ? RegexAppliesTo.builder().regex(finding).build() : finding);
        }
        NagSuppressions.addResourceSuppressions(construct, List.of(NagPackSuppression.builder()
                .id(rule).reason(reason).appliesTo(appliesTo).build()), true);
    }
}
