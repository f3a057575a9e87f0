"""Evaluation results: totals only, through the one k rule (``evaluations.rules.shows_aggregate``,
applied by ``evaluations.selectors.results``), for facilitators and, once shared, for members.
Open answers (text members wrote) never leave the results page."""

from rest_framework.response import Response

from api.base import ApiView
from api.doors import network_door, questionnaire_door
from api.schema import operation
from api.serializers import QuestionnaireSerializer, ResultsSerializer
from evaluations import rules as evaluation_rules
from evaluations import selectors as evaluation_selectors

QUESTIONNAIRE_FIELDS = (
    "id",
    "network_id",
    "session_id",
    "kind",
    "title",
    "anonymous",
    "opens_at",
    "closes_at",
    "results_shared",
)


class QuestionnaireListView(ApiView):
    """A network's questionnaires whose results the person may see."""

    scopes = {"GET": "results:read"}
    serializer_class = QuestionnaireSerializer
    pagination_class = None

    @operation(QuestionnaireSerializer(many=True), summary="Evaluations whose results you may see")
    def get(self, request, pk: int):
        network = network_door(request, pk)
        rows = [
            {field: getattr(q, field) for field in QUESTIONNAIRE_FIELDS}
            for q in evaluation_selectors.questionnaires_for_network(
                network=network, user=request.user
            )
            if evaluation_rules.has_perm(request.user, "evaluations.see_results", q)
        ]
        return Response(QuestionnaireSerializer(rows, many=True).data)


class ResultsView(ApiView):
    scopes = {"GET": "results:read"}
    serializer_class = ResultsSerializer
    pagination_class = None

    @operation(ResultsSerializer, summary="Results of an evaluation (totals only)")
    def get(self, request, pk: int):
        questionnaire = questionnaire_door(request, pk)
        results = evaluation_selectors.results(questionnaire=questionnaire)
        questions = []
        for row in results["questions"]:
            item = {
                "question": row["question"].text,
                "type": row["question"].type,
                "answered": row["answered"],
                "hidden": row["hidden"],
            }
            if not row["hidden"] and "distribution" in row:
                item["distribution"] = [
                    {"label": bar["label"], "count": bar["count"]} for bar in row["distribution"]
                ]
                item["mean"] = row.get("mean")
            questions.append(item)
        data = {
            "questionnaire_id": questionnaire.pk,
            "count": results["count"],
            "eligible": results["eligible"],
            "rate": results["rate"],
            "hidden": results["hidden"],
            "questions": questions,
        }
        return Response(ResultsSerializer(data).data)
