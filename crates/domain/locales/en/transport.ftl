# Postal intake, and dossiers carried between the center and the settling agencies.

field-seal = Seal number
field-documents = List of documents
field-originals = Originals
field-dossiers = Dossiers in the manifest
field-carrier-id = Postal employee carrying it
field-from-place = Where the dossiers were received
field-received-by-name = Receiver at the agency
field-tallies = Tally
field-tally = Tally
field-leg = Route

denied-postal-intake = Only a postal employee assigned to this center receives dossiers by post.
denied-manifest = Only staff working at this center make or receive its manifests.
denied-receive-own-manifest = The carrier does not sign for their own manifest: the receiver at the center signs the hand-over record.
error-carrier-not-postal = The carrier must be a postal employee assigned to the center.
error-carrier-is-the-sender = Postal intakes are sealed and carried by the employee who received them.
error-no-such-dossier = There is no such dossier at this center.
error-dossier-twice = This dossier is in the manifest already.
error-manifest-one-agency = A manifest goes to one agency: this dossier is at another.
error-manifest-agency-is-the-center = The center itself settles this dossier: nothing to carry.
error-dossier-cannot-travel = Dossier { $code } cannot travel «{ $leg }» now (carried already, on its way, or not at that step).
error-manifest-received = This manifest was signed for already.
error-manifest-untallied = Dossier { $code } was not tallied.
error-not-in-manifest = Dossier { $code } is not in the manifest.
transport-post-office-point = Postal service point
