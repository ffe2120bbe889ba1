from django.urls import path

from .views import assessor, files, learner, tasks

app_name = "assessment"
urlpatterns = [
    path("submit/<int:enrolment_id>/", learner.submit, name="submit"),
    path("submissions/", learner.mine, name="mine"),
    path("submissions/<int:pk>/", learner.detail, name="detail"),
    path("submissions/<int:pk>/receipt/", learner.receipt, name="receipt"),
    path("submissions/<int:pk>/withdraw/", learner.withdraw, name="withdraw"),
    path("rpl/<int:credential_id>/", learner.rpl, name="rpl"),
    path("evidence/<uuid:public_id>/", files.evidence_file, name="evidence"),
    path("queue/", assessor.queue, name="queue"),
    path("review/<int:pk>/", assessor.review, name="review"),
    path("judgements/<int:judgement_id>/moderate/", assessor.moderate_view, name="moderate"),
    path("credentials/<int:credential_id>/assessors/", assessor.invitations, name="invitations"),
    path("triggers/", assessor.triggers, name="triggers"),
    path("credentials/<int:credential_id>/tasks/", tasks.tasks, name="tasks"),
    path("tasks/<int:pk>/edit/", tasks.edit_task, name="edit_task"),
    path("tasks/<int:pk>/delete/", tasks.remove_task, name="delete_task"),
]
