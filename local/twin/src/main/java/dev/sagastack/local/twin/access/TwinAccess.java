package dev.sagastack.local.twin.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sagastack.local.iam.AccessControl;
import dev.sagastack.local.iam.CredentialStore;
import dev.sagastack.local.iam.template.TemplateAccessModel;
import dev.sagastack.local.twin.cloudformation.Deployment;
import dev.sagastack.local.twin.cloudformation.PhysicalNames;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The access rules of the deployed stage, read from its templates (the roles' policies, the resource policies)
 * with the credentials that sign calls to the twin. With enforcement off ({@code --iam off}) the model is still
 * read, so names and ARNs stay the same, but {@link #enforcing()} is empty and every caller is let through.
 */
public final class TwinAccess {

    private final CredentialStore credentials;
    private final TemplateAccessModel model;
    private final Optional<AccessControl> control;

    public TwinAccess(CredentialStore credentials, TemplateAccessModel model, Optional<AccessControl> control) {
        this.credentials = credentials;
        this.model = model;
        this.control = control;
    }

    /** The stage's rules; {@code enforce} false is {@code --iam off}. */
    public static TwinAccess fromDeployment(Deployment deployment, CredentialStore credentials, boolean enforce,
                                            Clock clock) {
        List<JsonNode> templates = deployment.stacks().stream()
                .map(stack -> deployment.artifact(stack.name()).template()).toList();
        TemplateAccessModel model = TemplateAccessModel.fromTemplates(templates, PhysicalNames.REGION,
                credentials.accountId());
        return new TwinAccess(credentials, model, enforce
                ? Optional.of(AccessControl.create(credentials, model, PhysicalNames.REGION, clock))
                : Optional.empty());
    }

    public CredentialStore credentials() {
        return credentials;
    }

    public TemplateAccessModel model() {
        return model;
    }

    /** The access control that checks every call; empty when enforcement is off. */
    public Optional<AccessControl> enforcing() {
        return control;
    }
}
