/** The model keeps a bias per script: Chinese reviews outnumber Chinese support requests, English ones do not. */
export type Script = 'han' | 'latin'

export const scriptOf = (text: string): Script => (/\p{Script=Han}/u.test(text) ? 'han' : 'latin')
