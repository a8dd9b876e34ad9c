"""The pages of intake, one module per audience:

- publiek: residents, without an account: ways to ask, the online question, its status page,
  the survey afterwards;
- balie: the front desk: work queues, registering a question, the case page and its actions;
- doorverwijzing: warm referrals: making one from a case, and a referral's page and actions
  for the front door and for the receiving partner;
- partner: the partner portal's inbox and the signals partners pass on;
- bezoekafspraken: a visit to the front door, booked by a resident without an account and
  moved or cancelled through its secret link; the counter's day agenda per location;
- inzage: the AVG inzageverzoek, for the beheerder.
"""
