/** The Payments screen: the payment gateways and their settings. */
export default {
  'The ways shoppers may pay, in the order they are offered them at checkout.': 'Les moyens de paiement proposés aux clients, dans l’ordre où ils leur sont présentés à la commande.',
  'Only administrators can turn payment methods on or off and change their settings.':
    'Seuls les administrateurs peuvent activer ou désactiver les moyens de paiement et modifier leurs réglages.',
  'Payment methods': 'Moyens de paiement',
  Method: 'Moyen',
  'Shoppers see “%s”': 'Les clients voient « %s »',
  'Needs setup': 'À configurer',
  Enable: 'Activer',
  Disable: 'Désactiver',
  Manage: 'Gérer',
  '“%s” is enabled: shoppers may choose it.': '« %s » est activé : les clients peuvent le choisir.',
  '“%s” is disabled: shoppers are no longer offered it.': '« %s » est désactivé : il n’est plus proposé aux clients.',
  'Stripe cannot take payments until it has a secret key: set STRIPE_SECRET_KEY on the server, or enter the key in its settings.':
    'Stripe ne peut pas encaisser de paiement sans clé secrète : définissez STRIPE_SECRET_KEY sur le serveur, ou saisissez la clé dans ses réglages.',
  'Stripe is enabled, but shoppers are not offered it: it has no secret key. Set STRIPE_SECRET_KEY on the server, or enter the key in its settings.':
    'Stripe est activé, mais il n’est pas proposé aux clients : il n’a pas de clé secrète. Définissez STRIPE_SECRET_KEY sur le serveur, ou saisissez la clé dans ses réglages.',
  '%s needs setting up before shoppers can be offered it.': '%s doit être configuré avant de pouvoir être proposé aux clients.',
  '%s settings': 'Réglages de %s',
  '%s is set on the server and is used instead of this one.': '%s est défini sur le serveur et sert à la place de celle-ci.',
  'Nothing to save: no setting of “%s” has changed.': 'Rien à enregistrer : aucun réglage de « %s » n’a changé.',
  'The settings of “%s” are saved.': 'Les réglages de « %s » sont enregistrés.',
} satisfies Record<string, string>;
