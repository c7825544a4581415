import type { Catalogue } from './index.ts';

/** French for the order e-mails (src/email/render.ts) and the order totals rows they share with My Account. */
export const frEmails: Catalogue = {
  // Subjects, headings, opening and closing sentences, after WooCommerce's e-mails
  '[%1$s]: New order #%2$s': '[%1$s] : Nouvelle commande n°%2$s',
  'New order: #%2$s': 'Nouvelle commande : n°%2$s',
  'You’ve received the following order from %3$s:': 'Vous avez reçu la commande suivante de %3$s :',
  'Congratulations on the sale.': 'Félicitations pour cette vente.',
  '[%1$s]: Order #%2$s has been cancelled': '[%1$s] : La commande n°%2$s a été annulée',
  'Order cancelled: #%2$s': 'Commande annulée : n°%2$s',
  'Notification to let you know — order #%2$s belonging to %3$s has been cancelled:': 'Pour information, la commande n°%2$s de %3$s a été annulée :',
  'Thanks for reading.': 'Merci de votre lecture.',
  '[%1$s]: Order #%2$s has failed': '[%1$s] : La commande n°%2$s a échoué',
  'Order failed: #%2$s': 'Commande échouée : n°%2$s',
  'Payment for order #%2$s from %3$s has failed. The order was as follows:': 'Le paiement de la commande n°%2$s de %3$s a échoué. Voici la commande :',
  'Hopefully they’ll be back.': 'Espérons que ce client reviendra.',
  'Your %1$s order has been received!': 'Votre commande chez %1$s a bien été reçue !',
  'Thank you for your order': 'Merci pour votre commande',
  'Thanks for your order. It’s on hold until we confirm that payment has been received.':
    'Merci pour votre commande. Elle est en attente jusqu’à ce que nous confirmions la réception de votre paiement.',
  'We look forward to fulfilling your order soon.': 'Nous avons hâte de préparer votre commande.',
  'Just to let you know — we’ve received your order #%2$s, and it is now being processed:':
    'Pour information, nous avons bien reçu votre commande n°%2$s, elle est maintenant en cours de traitement :',
  'Thanks for shopping with us.': 'Merci pour vos achats.',
  'Your %1$s order is now complete': 'Votre commande chez %1$s est terminée',
  'Thanks for shopping with us': 'Merci pour vos achats',
  'We have finished processing your order.': 'Nous avons fini de traiter votre commande.',
  '[%1$s]: Your order #%2$s has been cancelled': '[%1$s] : Votre commande n°%2$s a été annulée',
  'We’re sorry to let you know that your order #%2$s has been cancelled.': 'Nous sommes désolés de vous informer que votre commande n°%2$s a été annulée.',
  'We hope to see you again soon.': 'Nous espérons vous revoir bientôt.',
  'Your %1$s order #%2$s has been refunded': 'Votre commande n°%2$s chez %1$s a été remboursée',
  'Order refunded: #%2$s': 'Commande remboursée : n°%2$s',
  'Your order on %1$s has been refunded. There are more details below for your reference:': 'Votre commande chez %1$s a été remboursée. Vous trouverez les détails ci-dessous :',
  'Your %1$s order #%2$s has been partially refunded': 'Votre commande n°%2$s chez %1$s a été partiellement remboursée',
  'Partial refund: order #%2$s': 'Remboursement partiel : commande n°%2$s',
  'Your order on %1$s has been partially refunded. There are more details below for your reference:':
    'Votre commande chez %1$s a été partiellement remboursée. Vous trouverez les détails ci-dessous :',

  // The order
  'Hi %s,': 'Bonjour %s,',
  'Hello,': 'Bonjour,',
  'Order #%1$s (%2$s)': 'Commande n°%1$s (%2$s)',
  Product: 'Produit',
  Quantity: 'Quantité',
  Price: 'Prix',
  'Note:': 'Note :',
  'Billing address': 'Adresse de facturation',
  'Shipping address': 'Adresse de livraison',

  // WooCommerce's order totals rows (src/orders/presentation.ts)
  Subtotal: 'Sous-total',
  Discount: 'Remise',
  Shipping: 'Expédition',
  'via %s': 'via %s',
  Tax: 'TVA',
  'Payment method': 'Moyen de paiement',
  Refund: 'Remboursement',
  Total: 'Total',
};
