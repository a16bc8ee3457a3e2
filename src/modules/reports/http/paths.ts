/** The portal column of published annual reports (政府信息公开年报), named by the manifest without loading the pages. */
export const NIANBAO = '/nianbao';
