/** The dashboard's shared controls (ui/): the searchable select and the reference lists it shows. */
export default {
  '%1$s (%2$s)': '%1$s (%2$s)',
  'Show the choices': 'Afficher les choix',
  Choices: 'Choix',
  'No matches': 'Aucun résultat',
} satisfies Record<string, string>;
