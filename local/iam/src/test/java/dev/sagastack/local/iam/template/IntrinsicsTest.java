package dev.sagastack.local.iam.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sagastack.local.iam.AuthorizationRequest;
import dev.sagastack.local.iam.Principal;
import dev.sagastack.local.iam.policy.PolicyDocument;
import dev.sagastack.local.iam.policy.PolicyEvaluator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The intrinsic functions CDK puts in policies, resolved the way CloudFormation would locally. */
class IntrinsicsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<PolicyDocument> policiesOf(TemplateAccessModel model, String role) {
        return model.identityPolicies(Principal.assumedRole("000000000000", role, "s"));
    }

    private static boolean allows(TemplateAccessModel model, String role, String action, String resource) {
        return PolicyEvaluator.evaluate(Principal.assumedRole("000000000000", role, "s"),
                new AuthorizationRequest(action, resource), policiesOf(model, role), List.of()).allowed();
    }

    @Test
    void crossStackValuesPassedThroughSsmParametersResolve() {
        // CDK's strong cross-stack references in this project: the stateful stack writes an SSM parameter,
        // the stateless stack reads it through an AWS::SSM::Parameter::Value<String> template parameter.
        JsonNode stateful = json("{'Resources':{"
                + "'Table':{'Type':'AWS::DynamoDB::Table','Properties':{}},"
                + "'TableArnParam':{'Type':'AWS::SSM::Parameter','Properties':{'Name':'/app/dev/table-arn',"
                + "'Type':'String','Value':{'Fn::GetAtt':['Table','Arn']}}}}}");
        JsonNode stateless = json("{'Parameters':{'TableArnParameter':{'Type':'AWS::SSM::Parameter::Value<String>',"
                + "'Default':'/app/dev/table-arn'},'Stage':{'Type':'String','Default':'dev'}},'Resources':{"
                + "'Role':{'Type':'AWS::IAM::Role','Properties':{'RoleName':{'Fn::Sub':'app-${Stage}-role'}}},"
                + "'Policy':{'Type':'AWS::IAM::Policy','Properties':{'PolicyName':'p','Roles':[{'Ref':'Role'}],"
                + "'PolicyDocument':{'Statement':[{'Effect':'Allow','Action':'dynamodb:GetItem',"
                + "'Resource':[{'Ref':'TableArnParameter'},{'Fn::Sub':['${Arn}/index/*',{'Arn':{'Ref':'TableArnParameter'}}]}]}]}}}}}");

        TemplateAccessModel model = TemplateAccessModel.fromTemplates(List.of(stateful, stateless), "eu-west-1",
                "000000000000");

        assertThat(model.roleNamesByLogicalId()).containsEntry("Role", "app-dev-role");
        assertThat(allows(model, "app-dev-role", "dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-1:000000000000:table/Table")).isTrue();
        assertThat(allows(model, "app-dev-role", "dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-1:000000000000:table/Table/index/ByStatus")).isTrue();
    }

    @Test
    void subResolvesPseudoParametersAndAttributes() {
        JsonNode template = json("{'Resources':{'Machine':{'Type':'AWS::StepFunctions::StateMachine',"
                + "'Properties':{'StateMachineName':'saga'}},'Role':{'Type':'AWS::IAM::Role','Properties':{"
                + "'Policies':[{'PolicyName':'inline','PolicyDocument':{'Statement':[{'Effect':'Allow',"
                + "'Action':'states:DescribeExecution','Resource':{'Fn::Sub':"
                + "'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${Machine.Name}:*'}}]}}]}}}}");

        TemplateAccessModel model = TemplateAccessModel.fromTemplates(List.of(template), "us-east-1", "000000000000");

        assertThat(allows(model, "Role", "states:DescribeExecution",
                "arn:aws:states:us-east-1:000000000000:execution:saga:o-1")).isTrue();
        assertThat(policiesOf(model, "Role")).extracting(PolicyDocument::name).containsExactly("inline");
    }

    @Test
    void refusesWhatItCannotResolve() {
        JsonNode conditional = json("{'Resources':{'Role':{'Type':'AWS::IAM::Role','Properties':{'Policies':[{"
                + "'PolicyName':'p','PolicyDocument':{'Statement':[{'Effect':'Allow','Action':'s3:GetObject',"
                + "'Resource':{'Fn::If':['IsProd','arn:aws:s3:::a/*','arn:aws:s3:::b/*']}}]}}]}}}}");
        JsonNode dangling = json("{'Resources':{'Role':{'Type':'AWS::IAM::Role','Properties':{'Policies':[{"
                + "'PolicyName':'p','PolicyDocument':{'Statement':[{'Effect':'Allow','Action':'s3:GetObject',"
                + "'Resource':{'Fn::GetAtt':['Missing','Arn']}}]}}]}}}}");

        assertThatThrownBy(() -> TemplateAccessModel.fromTemplates(List.of(conditional), "us-east-1", "000000000000"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Fn::If");
        assertThatThrownBy(() -> TemplateAccessModel.fromTemplates(List.of(dangling), "us-east-1", "000000000000"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("Missing");
    }
}
