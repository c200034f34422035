## The person's own terms (crates/tessera-profile/src/terms.rs): the named agreements they start
## from, as Settings and `tessera terms` show them.

agreement-tessera-strict = Tessera strict
agreement-tessera-strict-description = Service delivery only: no sharing with third parties, no profiling, no training of models.
agreement-sd-base = Service delivery (IEEE 7012 SD-BASE)
agreement-sd-base-description = The data serves the service you asked for and nothing else: no sharing, no profiling, no training of models.
agreement-pdc-ai = No AI training (IEEE 7012 PDC-AI)
agreement-pdc-ai-description = No use of the data to train models; sharing and profiling are left to each request.
agreement-custom = My own
agreement-custom-description = Your own choices below.
